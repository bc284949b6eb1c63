/** The whole API: one sub-router per domain. */
import { router } from "../trpc.ts";
import { authRouter } from "./auth.ts";
import { healthProcedure } from "./health.ts";
import { adminRouter } from "./admin.ts";
import { eventsRouter } from "./events.ts";
import { scheduleRouter } from "./schedule.ts";
import { compareRouter } from "./compare.ts";
import { configRouter } from "./config.ts";
import { strategiesRouter } from "./strategies.ts";

/** The root router. */
export const appRouter = router({
  health: healthProcedure,
  auth: authRouter,
  strategies: strategiesRouter,
  schedule: scheduleRouter,
  compare: compareRouter,
  config: configRouter,
  admin: adminRouter,
  events: eventsRouter,
});

/** The API's type, for typed clients. */
export type AppRouter = typeof appRouter;
