/** tRPC set up once: the wire format, an error formatter that leaks nothing, and the auth middlewares. */
import { initTRPC, TRPCError } from "@trpc/server";
import type { Context } from "./context.ts";
import { wireFormat } from "./wire_format.ts";
import { z } from "zod";
import { CorruptRecordError } from "../db/codec/values.ts";
import { storageFaultOf } from "../db/faults.ts";
import { fail, issuesOf, retryAfterOf, summarize } from "./errors.ts";

const t = initTRPC.context<Context>().create({
  transformer: wireFormat,
  // Subscriptions go over the WebSocket only, where the per-user and per-socket caps hold;
  // HTTP event streams would bypass them.
  sse: { enabled: false },
  // Never send stacks, whatever NODE_ENV says (unset under Deno, which tRPC reads as dev).
  isDev: false,
  errorFormatter({ shape, error, ctx, path }) {
    const requestId = ctx?.requestId ?? null;
    const issues = error.cause instanceof CorruptRecordError
      ? [{ code: "CORRUPT_RECORD" as const, message: "a stored record cannot be read" }]
      : issuesOf(error.cause);
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    if (internal) {
      // The cause may hold SQL or file paths: log it with the request id, send only the id.
      ctx?.app.config.logger.error("unexpected error", {
        requestId,
        path: path ?? null,
        error: String(error.cause ?? error),
        stack: (error.cause instanceof Error ? error.cause : error).stack ?? null,
      });
    }
    const { stack: _stack, ...data } = shape.data as typeof shape.data & { stack?: string };
    return {
      ...shape,
      message: internal
        ? `Internal server error (request id ${requestId})`
        : error.cause instanceof z.ZodError && issues
        ? summarize("invalid input", issues)
        : shape.message,
      data: { ...data, requestId, issues, retryAfterSec: retryAfterOf(error.cause) },
    };
  },
});

/** Builds a router from procedures and sub-routers. */
export const router = t.router;
/** Merges routers side by side. */
export const mergeRouters = t.mergeRouters;
/** Caller factory for server-side calls (tests, scripts). */
export const createCallerFactory = t.createCallerFactory;
/**
 * A procedure anyone may call. A storage failure (disk full, read-only, busy past its retries)
 * answers SERVICE_UNAVAILABLE with a clear message instead of an internal error: nothing was
 * saved, and the same call works again once storage recovers.
 */
export const publicProcedure = t.procedure.use(async ({ next }) => {
  const r = await next();
  if (r.ok) return r;
  const fault = storageFaultOf(r.error.cause);
  if (fault === null) return r;
  return fail(
    "SERVICE_UNAVAILABLE",
    fault === "busy" ? "STORAGE_BUSY" : "STORAGE_FULL",
    fault === "busy"
      ? "the database is busy; nothing was saved; retry in a few seconds"
      : "the database cannot be written (disk full or read-only); nothing was saved; retry later",
    { retryAfterSec: 5 },
  );
});

/** A procedure that needs a signed-in user; narrows `ctx.user`. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) {
    throw new TRPCError({
      code: "UNAUTHORIZED",
      message: "sign in first: missing or invalid token",
    });
  }
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/** A procedure only admins may call; others get FORBIDDEN. */
export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== "admin") {
    throw new TRPCError({ code: "FORBIDDEN", message: "this needs the admin role" });
  }
  return next({ ctx });
});
