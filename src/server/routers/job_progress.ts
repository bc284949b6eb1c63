/** The shared body of the per-job progress subscriptions (schedule.progress, compare.progress). */
import { tracked, TRPCError } from "@trpc/server";
import { z } from "zod";
import type { Context } from "../context.ts";
import type { User } from "../../db/users.ts";
import type { Bound } from "../../engine/mod.ts";
import type { KpiSummary } from "../../db/codec/values.ts";
import type { JobEvent, JobEventEnvelope, JobKind } from "../services/job_events.ts";
import { streamJob } from "../services/job_stream.ts";
import { type JobState, loadJobState } from "../services/job_state.ts";
import { openSubscription } from "./_subscription.ts";

/** Input of a progress subscription; `lastEventId` is also filled in by tRPC on reconnect. */
export const progressInput = z.strictObject({
  id: z.string().min(1).max(100),
  lastEventId: z.string().max(40).nullish(),
});

/** KPI figures without the per-block breakdown (that is in `schedule.get`). */

/** An event as a subscriber receives it. */
export type LiveEvent =
  & (
    | Exclude<JobEvent, { type: "completed" }>
    | { readonly type: "completed"; readonly kpis: KpiSummary | null; readonly bound: Bound | null }
  )
  & { readonly jobId: string; readonly at: string };

/**
 * The wire form of a bus event. A completed event drops `kpis.blocks`: on large instances it is
 * hundreds of kB, and tRPC serializes every message per subscriber (superjson took ~0.4 s for
 * 5 000 lots), which made fan-out to many watchers take seconds.
 */
export function toLive(env: JobEventEnvelope): LiveEvent {
  const e = env.event;
  const base = { jobId: env.jobId, at: env.at };
  if (e.type !== "completed") return { ...e, ...base };
  let kpis: KpiSummary | null = null;
  if (e.kpis) {
    const { blocks: _blocks, ...rest } = e.kpis;
    kpis = rest;
  }
  return { type: "completed", kpis, bound: e.bound, ...base };
}

/**
 * Splits a comparison's progress into `overallPercent` (the whole comparison) and `percent`
 * (the named strategy's own run). The job runner publishes the overall figure (as
 * `overallPercent`, or in `percent` when that is absent); strategies run one after another in
 * the stored order, so run `i` of `n` at `p` % is `(i + p/100) / n` of the whole.
 */
export function splitPercent(e: LiveEvent, state: JobState): LiveEvent {
  if (e.type !== "progress") return e;
  const overall = e.overallPercent ?? e.percent;
  const n = e.runs ?? state.strategies.length;
  const i = e.run ?? (e.strategy === undefined ? -1 : state.strategies.indexOf(e.strategy));
  if (n <= 0 || i < 0) return { ...e, overallPercent: overall };
  const own = Math.max(0, Math.min(100, overall * n - i * 100));
  return { ...e, percent: Math.round(own * 100) / 100, overallPercent: overall };
}

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
  const end = openSubscription(ctx, channel);
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
      yield tracked(env.id, map(toLive(env), state));
    }
  } finally {
    end();
  }
}
