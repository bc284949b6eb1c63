/** events.mine: the status changes of all of the caller's jobs, live (no history, no resume). */
import { authedProcedure, router } from "../trpc.ts";
import { streamOwner } from "../services/job_stream.ts";
import type { JobEventType, JobKind } from "../services/job_events.ts";

/** One status change of one of the caller's jobs. */
export interface JobStatusEvent {
  readonly jobId: string;
  readonly kind: JobKind;
  readonly type: Exclude<JobEventType, "progress">;
  readonly at: string;
  /** For `failed`: why. */
  readonly error?: string;
}

/** The `events` router: `mine` streams queued/started/completed/failed/cancelled of my jobs. */
export const eventsRouter = router({
  mine: authedProcedure.subscription(async function* ({ ctx, signal }) {
    const live = ctx.app.events.live;
    const end = live.subscribed("events.mine");
    try {
      for await (const env of streamOwner(ctx.app.events, ctx.user.id, signal)) {
        const e = env.event;
        if (e.type === "progress") continue;
        live.sent("events.mine");
        const out: JobStatusEvent = {
          jobId: env.jobId,
          kind: env.kind,
          type: e.type,
          at: env.at,
          ...(e.type === "failed" ? { error: e.error } : {}),
        };
        yield out;
      }
    } finally {
      end();
    }
  }),
});
