/** A comparison: live progress, then makespan bars with the lower-bound line and the KPI table. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { navigate } from "../router.tsx";
import { useState } from "react";
import { errorMessage, useTRPC, useTRPCClient } from "../api.ts";
import { ProgressPanel } from "../progress.tsx";
import { Card, ColumnHeads, download, ErrorBox, Loading, StatusPill } from "../ui.tsx";
import { hours, instant, pct } from "../format.ts";
import { comparisonBarsSvg } from "../../../reports/comparison_svg.ts";

export function ComparePage({ id }: { id: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();
  const q = useQuery(trpc.compare.get.queryOptions({ id }));
  const [exportError, setExportError] = useState<string | null>(null);
  // Comparisons keep KPIs per run; a run's Gantt comes from running it again as a schedule.
  const openRun = useMutation(trpc.compare.scheduleRun.mutationOptions({
    onSuccess: (r) => navigate(`/schedules/${r.id}`),
  }));
  if (q.isPending) return <Loading what="Loading the comparison" />;
  if (q.isError) return <ErrorBox error={q.error} retry={() => q.refetch()} />;
  const c = q.data;
  const running = c.status === "queued" || c.status === "running";
  const get = async (format: "html" | "xlsx" | "pdf") => {
    setExportError(null);
    try {
      const f = await client.compare.export.query({ id, format });
      const body = f.encoding === "base64"
        ? Uint8Array.from(atob(f.content), (ch) => ch.charCodeAt(0))
        : f.content;
      download(f.filename, body, f.contentType);
    } catch (e) {
      setExportError(errorMessage(e));
    }
  };
  const svg = c.runs.length ? comparisonBarsSvg(c) : null;
  return (
    <>
      <h1>
        {c.name || "Comparison"} <StatusPill status={c.status} />
      </h1>
      <p className="muted">
        {c.lotCount} lots · starts {instant(c.startAt, c.config.timeZone)} · baseline {c.baseline}
      </p>
      {running && (
        <ProgressPanel
          id={id}
          kind="compare"
          onDone={() => void qc.invalidateQueries(trpc.compare.get.queryFilter({ id }))}
        />
      )}
      {c.status === "failed" && (
        <p className="error" role="alert">The comparison failed: {c.error}</p>
      )}
      {svg && (
        <Card title="Makespan per strategy">
          <figure
            className="bars"
            data-testid="compare-bars"
            // The SVG is built by our own generator from numbers and escaped names.
            dangerouslySetInnerHTML={{ __html: svg }}
          />
          <p className="muted">
            Dashed line: the best lower bound any run proved ({hours(c.lowerBoundHours)},{" "}
            {c.boundMethod ?? "–"}).
          </p>
        </Card>
      )}
      {c.runs.length > 0 && (
        <Card title="KPIs">
          <div className="table-wrap">
            <table data-testid="compare-table">
              <ColumnHeads
                names={[
                  "Strategy",
                  "Makespan",
                  "Δ",
                  "Cleans",
                  "Changeovers",
                  "Utilisation",
                  "Gap to bound",
                  "Time",
                  "Gantt",
                ]}
              />
              <tbody>
                {c.runs.map((r) => (
                  <tr key={r.strategy} className={r.strategy === c.best ? "best" : undefined}>
                    <th scope="row">
                      {r.strategy}
                      {r.strategy === c.best && <span className="badge badge-optimal">best</span>}
                    </th>
                    <td className="num">{hours(r.kpis?.makespanHours)}</td>
                    <td className="num">{r.delta ? hours(r.delta.makespanHours) : "–"}</td>
                    <td className="num">{r.kpis?.cleans ?? "–"}</td>
                    <td className="num">{hours(r.kpis?.changeoverHours)}</td>
                    <td className="num">{pct(r.kpis ? r.kpis.utilization * 100 : null)}</td>
                    <td className="num">{pct(r.gapPct, 2)}{r.provenOptimal ? " (optimal)" : ""}</td>
                    <td className="num">
                      {r.elapsedMs === null ? "–" : `${(r.elapsedMs / 1000).toFixed(2)} s`}
                    </td>
                    <td>
                      {r.status === "completed" && (
                        <button
                          type="button"
                          className="small"
                          disabled={openRun.isPending}
                          aria-label={`Open Gantt of ${r.strategy}`}
                          onClick={() => openRun.mutate({ id, strategy: r.strategy })}
                        >
                          Open Gantt
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      )}
      {openRun.error && <ErrorBox error={openRun.error} />}
      {c.status === "completed" && (
        <Card title="Export">
          <div className="actions">
            {(["html", "pdf", "xlsx"] as const).map((f) => (
              <button
                key={f}
                type="button"
                onClick={() => get(f)}
              >
                Download {f.toUpperCase()}
              </button>
            ))}
          </div>
          {exportError && <p className="error" role="alert">{exportError}</p>}
        </Card>
      )}
    </>
  );
}
