/** Errors the engine throws for bad input: each carries every problem found, not just the first. */
import type { IssueCode } from "./issue_codes.ts";
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

/**
 * A problem in the one style every input message follows: the field first, what is valid, then
 * what was given, e.g. `strategyOptions.smart-pack.beamWidth must be >= 1, got 0`.
 */
export function mustBe(
  field: string,
  valid: string,
  given: unknown,
  code: IssueCode = "INVALID_VALUE",
): Issue {
  return { code, field, message: `${field} must be ${valid}, got ${JSON.stringify(given)}` };
}

/** A strategy name that is not registered; the message lists the valid names. */
export class UnknownStrategyError extends RangeError {
  readonly field = "strategy";
  constructor(name: string, valid: readonly string[]) {
    super(mustBe("strategy", `one of ${valid.join(", ")}`, name).message);
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
