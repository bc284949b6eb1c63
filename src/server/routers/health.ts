/** health: is the service up, its database reachable and its job queue working (public, cheap). */
import { pingDb } from "../../db/open.ts";
import { publicProcedure } from "../trpc.ts";
import { noInput } from "./_inputs.ts";

/** `health` query. */
export const healthProcedure = publicProcedure.input(noInput).query(async ({ ctx }) => {
  const [database, queue] = await Promise.all([pingDb(ctx.app.db), ctx.app.jobs.health()]);
  return {
    status: database && queue.ok ? "ok" as const : "degraded" as const,
    version: ctx.app.config.version,
    database,
    queue,
    time: new Date().toISOString(),
  };
});
