/** events.mine: the status changes of all of the caller's jobs, live, resumable with lastEventId. */
import { tracked } from "@trpc/server";
import { z } from "zod";
import { authedProcedure, router } from "../trpc.ts";
import { streamOwner } from "../services/job_stream.ts";
import type { JobEventType, JobKind } from "../services/job_events.ts";
import { openSubscription } from "./_subscription.ts";

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
  /**
   * Live status events; each carries an id, and a client that reconnects with `lastEventId`
   * (tRPC does so by itself) first gets the ones it missed (the latest 200 are kept).
   */
  mine: authedProcedure
    .input(z.strictObject({ lastEventId: z.string().max(40).nullish() }).nullish())
    .subscription(async function* ({ ctx, input, signal }) {
      const live = ctx.app.events.live;
      const end = openSubscription(ctx, "events.mine");
      try {
        const stream = streamOwner(ctx.app.events, ctx.user.id, signal, input?.lastEventId);
        for await (const { seq, env } of stream) {
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
          yield tracked(String(seq), out);
        }
      } finally {
        end();
      }
    }),
});
