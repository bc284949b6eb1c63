/** One schedule: live progress while it runs; then Gantt, window use, KPIs, bound, table, exports. */
import { useMemo, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { errorMessage, useTRPC, useTRPCClient } from "../api.ts";
import { ProgressPanel } from "../progress.tsx";
import { GanttView, WindowUse } from "../gantt_view.tsx";
import { ActivityTable } from "../activity_table.tsx";
import { useCleanReasons, WhatIfForm, WhyPanel } from "../why_panel.tsx";
import { ReplanForm, RushLotForm, VersionsList } from "../change_panel.tsx";
import { BoundBadge, Card, download, ErrorBox, KpiCards, Loading, StatusPill } from "../ui.tsx";
import { duration, instant } from "../format.ts";

type Format = "csv" | "json" | "html" | "xlsx" | "pdf";

export function SchedulePage({ id }: { id: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const q = useQuery(trpc.schedule.get.queryOptions({ id }));
  if (q.isPending) return <Loading what="Loading the schedule" />;
  if (q.isError) return <ErrorBox error={q.error} retry={() => q.refetch()} />;
  const s = q.data;
  const running = s.status === "queued" || s.status === "running";
  return (
    <>
      <h1>
        {s.name || "Schedule"} <StatusPill status={s.status} /> <BoundBadge bound={s.bound} />
        {s.solveStatus === "stopped" && (
          <span
            className="pill"
            data-testid="stopped-early"
            title="The search was stopped early; this is the best plan it had found"
          >
            stopped early
          </span>
        )}
      </h1>
      <p className="muted">
        {s.strategy} · {s.lotCount} lots · starts {instant(s.startAt, s.config.timeZone)} (
        {s.config.timeZone}) · solver {duration(s.timings.solverMs)}
      </p>
      {running && (
        <ProgressPanel
          id={id}
          kind="schedule"
          onDone={() => void qc.invalidateQueries(trpc.schedule.get.queryFilter({ id }))}
        />
      )}
      {s.status === "failed" && <p className="error" role="alert">The run failed: {s.error}</p>}
      {s.status === "completed" && s.kpis && s.activities && (
        <Completed s={{ ...s, kpis: s.kpis, activities: s.activities }} />
      )}
    </>
  );
}

type View = NonNullable<
  Awaited<ReturnType<ReturnType<typeof useTRPCClient>["schedule"]["get"]["query"]>>
>;

function Completed(
  { s }: {
    s: View & { kpis: NonNullable<View["kpis"]>; activities: NonNullable<View["activities"]> };
  },
) {
  const startMs = useMemo(() => Date.parse(s.startAt), [s.startAt]);
  const marks = useMemo(() => ({
    downtimes: s.downtimes,
    late: new Map(
      (s.kpis.due?.lots ?? []).filter((d) => d.tardinessH > 0).map((d) => [d.lotId, d.tardinessH]),
    ),
  }), [s.downtimes, s.kpis.due]);
  const reasons = useCleanReasons(s.id);
  const v = s.validation;
  return (
    <>
      <Card title="Key figures">
        <KpiCards kpis={s.kpis} bound={s.bound} />
      </Card>
      <Card title="Gantt">
        <GanttView
          activities={s.activities}
          startMs={startMs}
          zone={s.config.timeZone}
          cleanReasons={reasons}
          marks={marks}
        />
      </Card>
      <Card title="Why">
        <WhyPanel id={s.id} />
      </Card>
      <Card title="What if">
        <WhatIfForm
          id={s.id}
          current={{
            windowHours: String(s.config.windowHours),
            cleanHours: String(s.config.cleanHours),
            chgSameHours: String(s.config.chgSameHours),
            chgDiffHours: String(s.config.chgDiffHours),
          }}
        />
      </Card>
      <Card title="Re-plan">
        <ReplanForm id={s.id} />
      </Card>
      <Card title="Rush lot">
        <RushLotForm id={s.id} />
      </Card>
      <Card title={`Versions (this is v${s.version})`}>
        <VersionsList id={s.id} />
      </Card>
      <Card title="Window use">
        <WindowUse blocks={s.kpis.blocks} windowHours={s.config.windowHours} />
      </Card>
      <Card title="Validation">
        {v && (v.errors.length || v.warnings.length)
          ? (
            <ul className="issues">
              {v.errors.map((e, i) => <li key={`e${i}`} className="error">{e.message}</li>)}
              {v.warnings.map((e, i) => <li key={`w${i}`} className="warning">{e.message}</li>)}
            </ul>
          )
          : <p>The schedule passed every rule: no errors, no warnings.</p>}
      </Card>
      <Exports id={s.id} />
      <Card title="Activities">
        <ActivityTable
          activities={s.activities}
          zone={s.config.timeZone}
          due={s.kpis.due?.lots}
          startMs={startMs}
        />
      </Card>
    </>
  );
}

function Exports({ id }: { id: string }) {
  const client = useTRPCClient();
  const [busy, setBusy] = useState<Format | null>(null);
  const [error, setError] = useState<string | null>(null);
  const get = async (format: Format) => {
    setBusy(format);
    setError(null);
    try {
      const f = await client.schedule.export.query({ id, format });
      const body = "encoding" in f && f.encoding === "base64"
        ? Uint8Array.from(atob(f.content), (c) => c.charCodeAt(0))
        : f.content;
      download(f.filename, body, f.contentType);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Card title="Export">
      <div className="actions">
        {(["html", "pdf", "xlsx", "csv", "json"] as const).map((f) => (
          <button
            key={f}
            type="button"
            disabled={busy !== null}
            onClick={() => get(f)}
          >
            {busy === f ? `Preparing ${f.toUpperCase()}…` : `Download ${f.toUpperCase()}`}
          </button>
        ))}
      </div>
      {error && <p className="error" role="alert">{error}</p>}
    </Card>
  );
}
