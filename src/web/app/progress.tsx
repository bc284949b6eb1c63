/**
 * Live progress of a job: phase, percent, ETA, and a chart of the incumbent and the lower bound
 * over time with the gap; stop (keep the best) and cancel (discard) buttons. Subscribes over the
 * WebSocket; after a reconnect the client resumes with the last event id it saw, so nothing is
 * missed or repeated.
 */
import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useTRPC } from "./api.ts";
import type { LiveEvent } from "../../server/routers/job_progress.ts";
import { duration, hours, pct } from "./format.ts";
import { ErrorBox } from "./ui.tsx";

interface Point {
  readonly t: number;
  readonly incumbent?: number | undefined;
  readonly bound?: number | undefined;
}

interface Live {
  status: string;
  phase: string;
  percent: number;
  etaMs?: number | undefined;
  message: string;
  strategy?: string | undefined;
  gapPct?: number | undefined;
  points: Point[];
}

export function ProgressPanel(
  { id, kind, onDone }: { id: string; kind: "schedule" | "compare"; onDone: () => void },
) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [live, setLive] = useState<Live>({
    status: "queued",
    phase: "waiting for a worker",
    percent: 0,
    message: "",
    points: [],
  });
  const options = {
    onData: ({ data: e }: { id: string; data: LiveEvent }) => {
      setLive((l) => {
        if (e.type === "progress") {
          const p = e.overallPercent ?? e.percent;
          const points = e.incumbentHours !== undefined || e.lowerBoundHours !== undefined
            ? [...l.points, {
              t: e.elapsedMs,
              incumbent: e.incumbentHours,
              bound: e.lowerBoundHours,
            }]
              .slice(-300)
            : l.points;
          return {
            ...l,
            status: "running",
            phase: e.strategy ? `${e.strategy}: ${e.phase}` : e.phase,
            percent: p,
            etaMs: e.etaMs,
            message: e.message,
            gapPct: e.gapPct ?? l.gapPct,
            points,
          };
        }
        if (e.type === "started") return { ...l, status: "running", phase: "started" };
        return { ...l, status: e.type };
      });
      if (e.type === "completed" || e.type === "failed" || e.type === "cancelled") {
        void qc.invalidateQueries();
        onDone();
      }
    },
  };
  const sub = kind === "schedule"
    ? useSubscription(trpc.schedule.progress.subscriptionOptions({ id }, options))
    : useSubscription(trpc.compare.progress.subscriptionOptions({ id }, options));
  const cancelOpts = kind === "schedule"
    ? trpc.schedule.cancel.mutationOptions()
    : trpc.compare.cancel.mutationOptions();
  const cancel = useMutation(cancelOpts);
  const stopOpts = kind === "schedule"
    ? trpc.schedule.stop.mutationOptions()
    : trpc.compare.stop.mutationOptions();
  const stop = useMutation(stopOpts);
  const last = live.points[live.points.length - 1];
  return (
    <section className="card progress" aria-labelledby="progress-title">
      <h2 id="progress-title">Running</h2>
      <p>
        <strong data-live="phase">{live.phase}</strong>
        {live.message && <span className="muted">— {live.message}</span>}
      </p>
      <div
        className="bar"
        role="progressbar"
        aria-label="Progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(live.percent)}
      >
        <div style={{ width: `${Math.max(0, Math.min(100, live.percent))}%` }} />
      </div>
      <p className="progress-figures">
        <span data-live="percent">{pct(live.percent)}</span>
        <span>ETA {live.etaMs !== undefined ? duration(live.etaMs) : "–"}</span>
        <span>incumbent {hours(last?.incumbent)}</span>
        <span>bound {hours(last?.bound)}</span>
        <span>gap {pct(live.gapPct, 2)}</span>
      </p>
      <ConvergenceChart points={live.points} />
      {sub.error && <ErrorBox error={sub.error} />}
      {stop.error && <ErrorBox error={stop.error} />}
      <p className="actions">
        <button
          type="button"
          title="End the search now and keep the best plan found so far, with its bound and gap"
          disabled={stop.isPending || stop.isSuccess || cancel.isPending}
          onClick={() => stop.mutate({ id })}
        >
          {stop.isSuccess ? "Stopping…" : "Stop and keep best"}
        </button>{" "}
        <button
          type="button"
          className="danger"
          title="End the run and discard it"
          disabled={cancel.isPending}
          onClick={() => cancel.mutate({ id })}
        >
          Cancel run
        </button>
      </p>
    </section>
  );
}

/** Incumbent (solid) and lower bound (dashed) over elapsed time, as a small SVG. */
export function ConvergenceChart({ points }: { points: readonly Point[] }) {
  const W = 480, H = 140, L = 56, B = 22;
  const vals = points.flatMap((p) => [p.incumbent, p.bound]).filter((v): v is number =>
    v !== undefined
  );
  if (vals.length < 1) {
    return (
      <p className="muted">The incumbent and the bound appear here as the search reports them.</p>
    );
  }
  const t1 = Math.max(1, points[points.length - 1]!.t), t0 = points[0]!.t;
  const lo = Math.min(...vals), hi = Math.max(...vals);
  const pad = (hi - lo) * 0.1 || 1;
  const y = (v: number) => 6 + (H - B - 6) * (1 - (v - (lo - pad)) / (hi - lo + 2 * pad));
  const x = (t: number) => L + (W - L - 6) * (t1 === t0 ? 1 : (t - t0) / (t1 - t0));
  const line = (k: "incumbent" | "bound") =>
    points.filter((p) => p[k] !== undefined).map((p, i) =>
      `${i ? "L" : "M"}${x(p.t).toFixed(1)},${y(p[k]!).toFixed(1)}`
    ).join("");
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label="Incumbent and lower bound over time"
    >
      <text x={4} y={y(hi)} fontSize="10">{hi.toFixed(1)} h</text>
      <text x={4} y={y(lo)} fontSize="10">{lo.toFixed(1)} h</text>
      <text x={L} y={H - 4} fontSize="10">{duration(t0)}</text>
      <text x={W - 6} y={H - 4} fontSize="10" textAnchor="end">{duration(t1)}</text>
      <path d={line("incumbent")} fill="none" stroke="#2563eb" strokeWidth={2} />
      <path d={line("bound")} fill="none" stroke="#059669" strokeWidth={2} strokeDasharray="5 4" />
      <g fontSize="10">
        <text x={L + 4} y={12} fill="#2563eb">— incumbent</text>
        <text x={L + 90} y={12} fill="#047857">- - lower bound</text>
      </g>
    </svg>
  );
}
