/**
 * Answers written from JSON text kept ready, not encoded again. tRPC writes every answer with
 * `JSON.stringify`; a finished 500-lot schedule is ~270 kB that never changes, and encoding it
 * again on every read cost more than the rest of the call. A `RawJson` stands in the answer as a
 * placeholder string, and the transports put the kept bytes in its place as they write
 * (`spliceRawBytes` for HTTP answers, `spliceRawText` for WebSocket messages).
 *
 * A placeholder carries this process's secret nonce, so no text a user stored can pose as one.
 * It is registered when `JSON.stringify` meets it and forgotten when spliced; one that is never
 * written (the request went away) is dropped after a minute.
 */
import { Buffer } from "node:buffer";

const NONCE = crypto.randomUUID().replaceAll("-", "");
/** The placeholder's text before its number; JSON writes the NUL as `\u0000`. */
const MARK = `\u0000raw:${NONCE}:`;
/** How the placeholder starts in JSON, with its opening quote. */
const MARK_JSON = JSON.stringify(MARK).slice(0, -1);
const MARK_BYTES = Buffer.from(MARK_JSON);
const QUOTE = 0x22;
/** Placeholders not spliced within this long are dropped, ms. */
const FORGET_AFTER_MS = 60_000;

const pending = new Map<number, { readonly bytes: Uint8Array; readonly at: number }>();
let nextId = 0;
let lastSweep = 0;

/** JSON text (as UTF-8 bytes) that is written as it is where this object stands in an answer. */
export class RawJson {
  constructor(readonly bytes: Uint8Array) {}

  toJSON(): string {
    const now = Date.now();
    if (now - lastSweep > FORGET_AFTER_MS) sweep(now);
    const id = nextId++;
    pending.set(id, { bytes: this.bytes, at: now });
    return `${MARK}${id}`;
  }
}

function sweep(now: number): void {
  lastSweep = now;
  for (const [id, p] of pending) if (now - p.at > FORGET_AFTER_MS) pending.delete(id);
}

/** The placeholder's number and where its closing quote ends, or null if it is not one. */
function placeholderAt(body: Uint8Array, from: number): { id: number; end: number } | null {
  let id = 0, i = from + MARK_BYTES.length;
  const digits = i;
  for (; i < body.length && body[i]! >= 0x30 && body[i]! <= 0x39; i++) {
    id = id * 10 + body[i]! - 0x30;
  }
  return i > digits && body[i] === QUOTE ? { id, end: i + 1 } : null;
}

/** An HTTP answer's bytes with every registered placeholder replaced by its JSON text. */
export function spliceRawBytes(body: Uint8Array): Uint8Array {
  if (pending.size === 0) return body;
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const parts: Uint8Array[] = [];
  let copied = 0;
  for (let at = buf.indexOf(MARK_BYTES); at >= 0; at = buf.indexOf(MARK_BYTES, at + 1)) {
    const p = placeholderAt(buf, at);
    const raw = p && pending.get(p.id);
    if (!p || !raw) continue;
    pending.delete(p.id);
    parts.push(buf.subarray(copied, at), raw.bytes);
    copied = p.end;
  }
  if (parts.length === 0) return body;
  parts.push(buf.subarray(copied));
  return Buffer.concat(parts);
}

/** A WebSocket message with every registered placeholder replaced by its JSON text. */
export function spliceRawText(message: string): string {
  if (pending.size === 0 || !message.includes(MARK_JSON)) return message;
  return Buffer.from(spliceRawBytes(Buffer.from(message))).toString("utf8");
}
