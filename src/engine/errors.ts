/** Errors the engine throws for bad input: each carries every problem found, not just the first. */
import type { Issue } from "./model.ts";

/** Invalid lots, sequence or configuration. `issues` lists every problem with its line, field or lot. */
export class InputError extends Error {
  readonly issues: readonly Issue[];
  constructor(what: string, issues: readonly Issue[]) {
    const head = issues.slice(0, 5).map((i) => i.message).join("; ");
    const more = issues.length > 5 ? `; and ${issues.length - 5} more` : "";
    super(`${what}: ${head}${more}`);
    this.name = "InputError";
    this.issues = issues;
  }
}

/** A strategy name that is not registered; the message lists the valid names. */
export class UnknownStrategyError extends RangeError {
  readonly field = "strategy";
  constructor(name: string, valid: readonly string[]) {
    super(`Unknown strategy ${JSON.stringify(name)}; valid names: ${valid.join(", ")}`);
    this.name = "UnknownStrategyError";
  }
}

/** The run was cancelled through its AbortSignal. */
export class CancelledError extends Error {
  constructor(message = "the run was cancelled") {
    super(message);
    this.name = "CancelledError";
  }
}
