/** Turning problems into tRPC errors: every issue listed, nothing internal leaked. */
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { InputError, type Issue, StartTimeError, UnknownStrategyError } from "../engine/mod.ts";

/** A BAD_REQUEST that carries every problem; the error formatter puts `issues` into `data`. */
export class IssuesError extends Error {
  readonly issues: readonly Issue[];
  constructor(message: string, issues: readonly Issue[]) {
    super(message);
    this.name = "IssuesError";
    this.issues = issues;
  }
}

/** Throws BAD_REQUEST listing `issues` (message names the first few). */
export function badRequest(what: string, issues: readonly Issue[]): never {
  const head = issues.slice(0, 3).map((i) => i.message).join("; ");
  const more = issues.length > 3 ? `; and ${issues.length - 3} more` : "";
  throw new TRPCError({
    code: "BAD_REQUEST",
    message: issues.length ? `${what}: ${head}${more}` : what,
    cause: new IssuesError(what, issues),
  });
}

/** NOT_FOUND for a record that does not exist or belongs to someone else (never FORBIDDEN). */
export function notFound(what: string, id: string): never {
  throw new TRPCError({ code: "NOT_FOUND", message: `${what} ${id} not found` });
}

/** Issues of a zod error, one per problem, field = dotted path. */
export function issuesOfZod(error: z.ZodError): Issue[] {
  return error.issues.map((i) => {
    const field = i.path.map(String).join(".");
    return field ? { field, message: `${field}: ${i.message}` } : { message: i.message };
  });
}

/** The issues an error carries, if it is a known input problem; null otherwise. */
export function issuesOf(e: unknown): Issue[] | null {
  if (e instanceof IssuesError || e instanceof InputError) return [...e.issues];
  if (e instanceof z.ZodError) return issuesOfZod(e);
  if (e instanceof UnknownStrategyError || e instanceof StartTimeError) {
    return [{ field: e.field, message: e.message }];
  }
  return null;
}

/** Rethrows engine input errors as BAD_REQUEST with issues; anything else unchanged. */
export function asBadRequest(e: unknown, what = "invalid input"): never {
  const issues = issuesOf(e);
  if (issues) badRequest(what, issues);
  throw e;
}
