/** The whole API: one sub-router per domain. */
import { router } from "../trpc.ts";
import { authRouter } from "./auth.ts";
import { healthProcedure } from "./health.ts";
import { adminRouter } from "./admin.ts";
import { eventsRouter } from "./events.ts";
import { scheduleProcedures } from "./schedule.ts";
import { scheduleProgress } from "./schedule_progress.ts";
import { compareProcedures } from "./compare.ts";
import { compareProgress } from "./compare_progress.ts";
import { configRouter } from "./config.ts";
import { strategiesRouter } from "./strategies.ts";

/** The root router. */
export const appRouter = router({
  health: healthProcedure,
  auth: authRouter,
  strategies: strategiesRouter,
  schedule: router({ ...scheduleProcedures, progress: scheduleProgress }),
  compare: router({ ...compareProcedures, progress: compareProgress }),
  config: configRouter,
  admin: adminRouter,
  events: eventsRouter,
});

/** The API's type, for typed clients. */
export type AppRouter = typeof appRouter;
