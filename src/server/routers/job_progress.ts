/** The shared body of the per-job progress subscriptions (schedule.progress, compare.progress). */
import { tracked, TRPCError } from "@trpc/server";
import { z } from "zod";
import type { Context } from "../context.ts";
import type { User } from "../../db/users.ts";
import type { JobEvent, JobKind } from "../services/job_events.ts";
import { streamJob } from "../services/job_stream.ts";
import { type JobState, loadJobState } from "../services/job_state.ts";

/** Input of a progress subscription; `lastEventId` is also filled in by tRPC on reconnect. */
export const progressInput = z.object({
  id: z.string().min(1).max(100),
  lastEventId: z.string().max(40).nullish(),
});

/** An event as a subscriber receives it. */
export type LiveEvent = JobEvent & { readonly jobId: string; readonly at: string };

/** Streams one job's events as `tracked(id, LiveEvent)`; NOT_FOUND unless the caller owns it. */
export async function* jobProgress(
  ctx: Context & { user: User },
  kind: JobKind,
  input: z.infer<typeof progressInput>,
  signal: AbortSignal | undefined,
  map: (e: LiveEvent, state: JobState) => LiveEvent = (e) => e,
) {
  const channel = `${kind === "schedule" ? "schedule" : "compare"}.progress`;
  const { app, user } = ctx;
  const state = await loadJobState(app.db, kind, input.id, user.id);
  // Someone else's job looks exactly like a missing one.
  if (!state) throw new TRPCError({ code: "NOT_FOUND", message: `no ${kind} with id ${input.id}` });
  const end = app.events.live.subscribed(channel);
  try {
    const stream = streamJob(app.events, {
      jobId: state.id,
      lastEventId: input.lastEventId ?? undefined,
      signal,
      ref: { jobId: state.id, kind, ownerId: state.ownerId },
      stored: async () => (await loadJobState(app.db, kind, state.id, user.id))?.event ?? null,
    });
    for await (const env of stream) {
      app.events.live.sent(channel);
      yield tracked(env.id, map({ ...env.event, jobId: env.jobId, at: env.at }, state));
    }
  } finally {
    end();
  }
}
