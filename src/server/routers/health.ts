/** health: is the service up and its database reachable (public, cheap). */
import { pingDb } from "../../db/open.ts";
import { publicProcedure } from "../trpc.ts";
import { noInput } from "./_inputs.ts";

/** `health` query. */
export const healthProcedure = publicProcedure.input(noInput).query(async ({ ctx }) => {
  const database = await pingDb(ctx.app.db);
  return {
    status: database ? "ok" as const : "degraded" as const,
    version: ctx.app.config.version,
    database,
    time: new Date().toISOString(),
  };
});
