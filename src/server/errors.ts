/** Turning problems into tRPC errors: every issue listed, nothing internal leaked. */
import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { z } from "zod";
import {
  codeOfZodIssue,
  InputError,
  type Issue,
  type IssueCode,
  StartTimeError,
  UnknownStrategyError,
} from "../engine/mod.ts";

/** An error that carries every problem; the error formatter puts `issues` into `data`. */
export class IssuesError extends Error {
  readonly issues: readonly Issue[];
  /** Seconds until a refused caller may try again (TOO_MANY_REQUESTS). */
  readonly retryAfterSec: number | null;
  constructor(message: string, issues: readonly Issue[], retryAfterSec: number | null = null) {
    super(message);
    this.name = "IssuesError";
    this.issues = issues;
    this.retryAfterSec = retryAfterSec;
  }
}

/** Throws a tRPC error of `trpcCode` that carries one coded problem (clients branch on `code`). */
export function fail(
  trpcCode: TRPC_ERROR_CODE_KEY,
  code: IssueCode,
  message: string,
  extra: { field?: string; retryAfterSec?: number } = {},
): never {
  const issue: Issue = { code, message, ...(extra.field ? { field: extra.field } : {}) };
  throw new TRPCError({
    code: trpcCode,
    message,
    cause: new IssuesError(message, [issue], extra.retryAfterSec ?? null),
  });
}

/** The retry delay an error asks for, seconds, or null. */
export function retryAfterOf(e: unknown): number | null {
  return e instanceof IssuesError ? e.retryAfterSec : null;
}

/** `what: first; second; third; and N more` (the message of an error with issues). */
export function summarize(what: string, issues: readonly Issue[]): string {
  const head = issues.slice(0, 3).map((i) => i.message).join("; ");
  const more = issues.length > 3 ? `; and ${issues.length - 3} more` : "";
  return issues.length ? `${what}: ${head}${more}` : what;
}

/** Throws BAD_REQUEST listing `issues` (message names the first few). */
export function badRequest(what: string, issues: readonly Issue[]): never {
  throw new TRPCError({
    code: "BAD_REQUEST",
    message: summarize(what, issues),
    cause: new IssuesError(what, issues),
  });
}

/** NOT_FOUND for a record that does not exist or belongs to someone else (never FORBIDDEN). */
export function notFound(what: string, id: string): never {
  throw new TRPCError({ code: "NOT_FOUND", message: `${what} ${id} not found` });
}

/** Issues of a zod error, one per problem, field = dotted path (an unknown key names itself). */
export function issuesOfZod(error: z.ZodError): Issue[] {
  return error.issues.map((i) => {
    const code = codeOfZodIssue(i);
    const at = i.path.map(String).join(".");
    if (i.code === "unrecognized_keys") {
      const field = i.keys.map((k) => (at ? `${at}.${k}` : k)).join(", ");
      return { code, field, message: `unknown key${i.keys.length > 1 ? "s" : ""}: ${field}` };
    }
    return at ? { code, field: at, message: `${at}: ${i.message}` } : { code, message: i.message };
  });
}

/** The issues an error carries, if it is a known input problem; null otherwise. */
export function issuesOf(e: unknown): Issue[] | null {
  if (e instanceof IssuesError || e instanceof InputError) return [...e.issues];
  if (e instanceof z.ZodError) return issuesOfZod(e);
  if (e instanceof UnknownStrategyError) {
    return [{ code: "UNKNOWN_STRATEGY", field: e.field, message: e.message }];
  }
  if (e instanceof StartTimeError) {
    return [{ code: "INVALID_START_TIME", field: e.field, message: e.message }];
  }
  return null;
}

/** Rethrows engine input errors as BAD_REQUEST with issues; anything else unchanged. */
export function asBadRequest(e: unknown, what = "invalid input"): never {
  const issues = issuesOf(e);
  if (issues) badRequest(what, issues);
  throw e;
}
