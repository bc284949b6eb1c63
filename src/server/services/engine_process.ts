/**
 * One engine process (`../worker.ts`): a child Deno process with a heap limit of its own, so that a
 * job that runs out of memory ends it alone, never the server. Requests go to its stdin and
 * replies come from its stdout as frames (`worker_frames.ts`).
 */
import {
  EXHAUST_MEMORY_LOT_ENV,
  type WorkerReply,
  type WorkerRequest,
  type WorkerStop,
} from "../worker_protocol.ts";
import { encodeFrame, FrameReader } from "../worker_frames.ts";

/** How engine processes are started. */
export interface EngineProcessOptions {
  /** Heap limit of the process, MiB. */
  readonly memoryMb: number;
  /** The module it runs (default: the engine process; tests use fixtures). */
  readonly entry?: URL;
}

const ENGINE_ENTRY = new URL("../worker.ts", import.meta.url);
const REPO_ROOT = new URL("../../../", import.meta.url);
/** What stderr is kept to explain an exit, bytes. */
const STDERR_TAIL = 8192;

/** Why a process that ended by itself ended, in words for the job's error. */
export function exitReason(
  status: Deno.CommandStatus,
  stderr: string,
  memoryMb: number,
): string {
  if (/out of memory|heap limit|allocation failed/i.test(stderr)) {
    return `the job ran out of memory (a job may use ${memoryMb} MiB); its worker was stopped`;
  }
  const how = status.signal ? `signal ${status.signal}` : `exit code ${status.code}`;
  return `the job's worker stopped unexpectedly (${how})`;
}

/** A running engine process; `onExit` is told why it ended unless it was killed. */
export class EngineProcess {
  readonly #child: Deno.ChildProcess;
  readonly #stdin: WritableStreamDefaultWriter<Uint8Array>;
  #killed = false;
  /** Writes in order, one after another. */
  #writing: Promise<unknown> = Promise.resolve();

  constructor(
    opts: EngineProcessOptions,
    onReply: (m: WorkerReply) => void,
    onExit: (reason: string) => void,
  ) {
    const entry = opts.entry ?? ENGINE_ENTRY;
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--no-prompt",
        `--config=${new URL("deno.json", REPO_ROOT).pathname}`,
        `--allow-read=${REPO_ROOT.pathname}`,
        `--allow-env=${EXHAUST_MEMORY_LOT_ENV}`,
        "--allow-sys=getPriority,setPriority",
        `--v8-flags=--max-old-space-size=${opts.memoryMb}`,
        entry.pathname,
      ],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    this.#child = child;
    this.#stdin = child.stdin.getWriter();
    this.#stdin.closed.catch(() => {}); // a dead process refuses writes; its exit tells why
    const replies = (async () => {
      const reader = new FrameReader();
      for await (const chunk of child.stdout) {
        for (const m of reader.push(chunk)) if (!this.#killed) onReply(m as WorkerReply);
      }
    })().catch(() => {});
    const stderr = (async () => {
      let tail = "";
      for await (const text of child.stderr.pipeThrough(new TextDecoderStream())) {
        tail = (tail + text).slice(-STDERR_TAIL);
      }
      return tail;
    })().catch(() => "");
    // Replies it wrote before ending are delivered before its end is reported.
    Promise.all([child.status, stderr, replies]).then(([status, tail]) => {
      if (!this.#killed) onExit(exitReason(status, tail, opts.memoryMb));
    });
  }

  /** Sends a request or a stop (written in the background, in order). */
  send(req: WorkerRequest | WorkerStop): void {
    const bytes = encodeFrame(req);
    this.#writing = this.#writing.then(() => this.#stdin.write(bytes)).catch(() => {});
  }

  /** Ends the process at once; nothing more is reported. */
  kill(): void {
    if (this.#killed) return;
    this.#killed = true;
    try {
      this.#child.kill("SIGKILL");
    } catch { /* it had ended already */ }
  }
}
