/** The whole API: one sub-router per domain. */
import { router } from "../trpc.ts";
import { authRouter } from "./auth.ts";
import { healthProcedure } from "./health.ts";

/** The root router. */
export const appRouter = router({
  health: healthProcedure,
  auth: authRouter,
});

/** The API's type, for typed clients. */
export type AppRouter = typeof appRouter;
