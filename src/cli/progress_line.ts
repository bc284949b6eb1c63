/** A progress line on stderr for long runs: `\r`-updated on a terminal, shown only after a second. */
import type { CliIo } from "./io.ts";

/** Runs shorter than this print no progress at all. */
export const PROGRESS_DELAY_MS = 1000;

/** Shows `update(text)` calls on one stderr line; `done(text)` ends it with a final line. */
export class ProgressLine {
  readonly #io: CliIo;
  readonly #t0: number;
  #shown = false;
  #lastDraw = -Infinity;
  #width = 0;

  constructor(io: CliIo) {
    this.#io = io;
    this.#t0 = io.now();
  }

  /** Milliseconds since the line was created. */
  elapsedMs(): number {
    return this.#io.now() - this.#t0;
  }

  /** Redraws the line (terminal only, at most every 100 ms, not in the first second). */
  update(text: string): void {
    if (!this.#io.errIsTty) return;
    const now = this.#io.now();
    if (now - this.#t0 < PROGRESS_DELAY_MS || now - this.#lastDraw < 100) return;
    this.#lastDraw = now;
    this.#shown = true;
    const line = `${text} (${((now - this.#t0) / 1000).toFixed(1)} s)`;
    this.#io.err(`\r${line.padEnd(this.#width)}`);
    this.#width = line.length;
  }

  /** Ends the line: prints `text` as a final line if the run took over a second. */
  done(text: string): void {
    const ms = this.elapsedMs();
    if (!this.#shown && ms < PROGRESS_DELAY_MS) return;
    const line = `${text} in ${(ms / 1000).toFixed(1)} s`;
    this.#io.err(`${this.#shown ? "\r" : ""}${line.padEnd(this.#width)}\n`);
    this.#shown = false;
  }
}
