/** Dashboard: running jobs with live percent, the latest result's KPIs, recent runs. */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useState } from "react";
import { useTRPC } from "../api.ts";
import { Link } from "../router.tsx";
import { BoundBadge, Card, ErrorBox, KpiCards, Loading, StatusPill } from "../ui.tsx";
import { pct } from "../format.ts";
import { ComparisonList, ScheduleTable } from "../schedule_table.tsx";

export function DashboardPage() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const recent = useQuery(trpc.schedule.list.queryOptions({ page: 1, pageSize: 10 }));
  const comparisons = useQuery(trpc.compare.list.queryOptions({ page: 1, pageSize: 5 }));
  // Any status change of the user's jobs refreshes the lists.
  useSubscription(trpc.events.mine.subscriptionOptions(undefined, {
    onData: () => void qc.invalidateQueries(trpc.schedule.list.pathFilter()),
  }));
  if (recent.isPending) return <Loading what="Loading your runs" />;
  if (recent.isError) return <ErrorBox error={recent.error} retry={() => recent.refetch()} />;
  const items = recent.data.items;
  const running = items.filter((s) => s.status === "queued" || s.status === "running");
  const latest = items.find((s) => s.status === "completed" && s.kpis);
  return (
    <>
      <h1>Dashboard</h1>
      <div className="actions">
        <Link to="/new" className="button primary">New schedule</Link>
      </div>
      {running.length > 0 && (
        <Card title="Running now">
          <ul className="running">
            {running.map((s) => (
              <li key={s.id}>
                <Link to={`/schedules/${s.id}`}>{s.name || s.strategy}</Link>{" "}
                <StatusPill status={s.status} /> <LivePercent id={s.id} />
              </li>
            ))}
          </ul>
        </Card>
      )}
      {latest?.kpis && (
        <Card title={`Latest result: ${latest.name || latest.strategy}`}>
          <p>
            <BoundBadge bound={latest.bound} /> <Link to={`/schedules/${latest.id}`}>Open</Link>
          </p>
          <KpiCards kpis={latest.kpis} bound={latest.bound} />
        </Card>
      )}
      <Card title="Recent schedules">
        {items.length === 0
          ? (
            <p>
              No schedules yet. <Link to="/new">Schedule your first lots</Link>.
            </p>
          )
          : <ScheduleTable items={items} />}
      </Card>
      <Card title="Recent comparisons">
        <ComparisonList items={comparisons.data?.items ?? []} />
      </Card>
    </>
  );
}

function LivePercent({ id }: { id: string }) {
  const trpc = useTRPC();
  const [p, setP] = useState<number | null>(null);
  useSubscription(trpc.schedule.progress.subscriptionOptions({ id }, {
    onData: ({ data }) => {
      if (data.type === "progress") setP(data.overallPercent ?? data.percent);
      if (data.type === "completed") setP(100);
    },
  }));
  return <span className="muted">{p === null ? "waiting" : pct(p)}</span>;
}
