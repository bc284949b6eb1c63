/**
 * Messages between the server and its engine processes over a byte stream (the child's stdin and
 * stdout). Each message is V8's structured-clone serialisation (what `postMessage` uses, so values
 * arrive exactly as a Worker would see them: NaN, Infinity, undefined) behind a marker and its
 * length. Bytes before a marker (stray text a library printed) are skipped, not misread.
 */
import { deserialize, serialize } from "node:v8";

const MARK = Uint8Array.of(0xfa, 0x11, 0x5c, 0x4d);
const HEAD = MARK.length + 4;

/** One message as the bytes to write. */
export function encodeFrame(message: unknown): Uint8Array {
  const body = serialize(message);
  const out = new Uint8Array(HEAD + body.length);
  out.set(MARK, 0);
  new DataView(out.buffer).setUint32(MARK.length, body.length);
  out.set(body, HEAD);
  return out;
}

/** Reassembles messages from chunks as they arrive (a large one is copied once, when complete). */
export class FrameReader {
  #chunks: Uint8Array[] = [];
  #size = 0;
  /** Bytes to wait for before looking again. */
  #need = 0;

  /** Adds a chunk; returns the messages it completes, in order. */
  push(chunk: Uint8Array): unknown[] {
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    const out: unknown[] = [];
    while (this.#size > 0 && this.#size >= this.#need) {
      let buf = this.#flatten();
      const at = indexOfMark(buf);
      if (at < 0) {
        this.#keep(new Uint8Array(0));
        break;
      }
      buf = this.#keep(buf.subarray(at));
      if (buf.length < HEAD) {
        this.#need = HEAD;
        break;
      }
      const end = HEAD + new DataView(buf.buffer, buf.byteOffset + MARK.length, 4).getUint32(0);
      if (buf.length < end) {
        this.#need = end;
        break;
      }
      out.push(deserialize(buf.subarray(HEAD, end)));
      this.#keep(buf.subarray(end));
    }
    return out;
  }

  #flatten(): Uint8Array {
    if (this.#chunks.length === 1) return this.#chunks[0]!;
    const out = new Uint8Array(this.#size);
    let at = 0;
    for (const c of this.#chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  #keep(buf: Uint8Array): Uint8Array {
    this.#chunks = buf.length ? [buf] : [];
    this.#size = buf.length;
    this.#need = 0;
    return buf;
  }
}

/** Where a marker (or what may be the start of one, at the end) begins; -1 if nowhere. */
function indexOfMark(buf: Uint8Array): number {
  for (let i = buf.indexOf(MARK[0]!); i >= 0; i = buf.indexOf(MARK[0]!, i + 1)) {
    let j = 1;
    while (j < MARK.length && i + j < buf.length && buf[i + j] === MARK[j]) j++;
    if (j === MARK.length || i + j === buf.length) return i;
  }
  return -1;
}
