/** History: schedules and comparisons, paged, filtered by status, strategy, dates and name; delete. */
import { useState } from "react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../api.ts";
import { Card, ErrorBox, Field, Loading } from "../ui.tsx";
import { TextField } from "../form.tsx";
import { ComparisonList, ScheduleTable } from "../schedule_table.tsx";
import { Pager } from "../activity_table.tsx";

const STATUSES = ["", "queued", "running", "completed", "failed", "cancelled"] as const;
type Status = Exclude<(typeof STATUSES)[number], "">;

export function HistoryPage() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<"" | Status>("");
  const [strategy, setStrategy] = useState("");
  const [search, setSearch] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const strategies = useQuery(trpc.strategies.list.queryOptions());
  const input = {
    page,
    pageSize: 20,
    ...(status ? { status } : {}),
    ...(strategy ? { strategy } : {}),
    ...(search.trim() ? { search: search.trim() } : {}),
    ...(from ? { createdFrom: new Date(`${from}T00:00`).toISOString() } : {}),
    ...(to ? { createdTo: new Date(`${to}T23:59:59.999`).toISOString() } : {}),
  };
  const list = useQuery({
    ...trpc.schedule.list.queryOptions(input),
    placeholderData: keepPreviousData,
  });
  const comparisons = useQuery(trpc.compare.list.queryOptions({ page: 1, pageSize: 20 }));
  const del = useMutation(trpc.schedule.delete.mutationOptions({
    onSuccess: () => qc.invalidateQueries(trpc.schedule.list.pathFilter()),
  }));
  const delCmp = useMutation(trpc.compare.delete.mutationOptions({
    onSuccess: () => qc.invalidateQueries(trpc.compare.list.pathFilter()),
  }));
  const reset = (f: () => void) => (f(), setPage(1));
  return (
    <>
      <h1>History</h1>
      <Card title="Schedules">
        <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
          <Field label="Status">
            <select
              name="status"
              value={status}
              onChange={(e) => reset(() => setStatus(e.target.value as Status))}
            >
              {STATUSES.map((s) => <option key={s} value={s}>{s || "any"}</option>)}
            </select>
          </Field>
          <Field label="Strategy">
            <select
              name="strategy"
              value={strategy}
              onChange={(e) => reset(() => setStrategy(e.target.value))}
            >
              <option value="">any</option>
              {strategies.data?.map((s) => <option key={s.name} value={s.name}>{s.name}</option>)}
            </select>
          </Field>
          <TextField
            label="Created from"
            type="date"
            name="from"
            value={from}
            onValue={(text) => reset(() => setFrom(text))}
          />
          <TextField
            label="Created to"
            type="date"
            name="to"
            value={to}
            onValue={(text) => reset(() => setTo(text))}
          />
          <TextField
            label="Name contains"
            type="search"
            name="search"
            value={search}
            onValue={(text) => reset(() => setSearch(text))}
          />
        </form>
        {list.isPending && <Loading />}
        {list.isError && <ErrorBox error={list.error} retry={() => list.refetch()} />}
        {list.data && (
          <>
            <p className="muted" role="status" data-testid="history-total">
              {list.data.total} schedules
            </p>
            <ScheduleTable
              items={list.data.items}
              testId="history"
              onDelete={(s) =>
                confirm(`Delete schedule ${s.name || s.id}?`) && del.mutate({ id: s.id })}
            />
            <Pager
              page={page - 1}
              pages={Math.max(1, Math.ceil(list.data.total / list.data.pageSize))}
              onPage={(p) => setPage(p + 1)}
            />
          </>
        )}
      </Card>
      <Card title="Comparisons">
        <ComparisonList
          items={comparisons.data?.items ?? []}
          onDelete={(c) => confirm("Delete this comparison?") && delCmp.mutate({ id: c.id })}
        />
      </Card>
    </>
  );
}
