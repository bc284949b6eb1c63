/** admin.*: operational views for admins only (live transport statistics, the job queue). */
import { adminProcedure, router } from "../trpc.ts";
import { noInput } from "./_inputs.ts";

/** The `admin` router: `wsStats` and `jobs`; everyone else gets FORBIDDEN (or UNAUTHORIZED). */
export const adminRouter = router({
  /** Open connections, per-user counts, subscriptions per channel, events sent. */
  wsStats: adminProcedure.input(noInput).query(({ ctx }) => ({
    ...ctx.app.events.live.snapshot(),
    bus: ctx.app.events.stats(),
  })),
  /** Running and queued jobs, as the job service sees them. */
  jobs: adminProcedure.input(noInput).query(({ ctx }) => ctx.app.jobs.snapshot()),
});
