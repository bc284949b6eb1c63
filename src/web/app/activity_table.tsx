/** The activities as a table: sortable by any column, filterable by kind and text, paged. */
import { useMemo, useState } from "react";
import { hours, instant } from "./format.ts";

interface Row {
  readonly kind: string;
  readonly startH: number;
  readonly endH: number;
  readonly hours: number;
  readonly lotId: string | null;
  readonly lotType: string | null;
  readonly block: number;
  readonly start: string;
  readonly end: string;
  readonly note: string;
}

type Key = "startH" | "kind" | "hours" | "lotId" | "lotType" | "block";
const COLUMNS: [Key, string][] = [
  ["startH", "Start"],
  ["kind", "Activity"],
  ["hours", "Hours"],
  ["lotId", "Lot"],
  ["lotType", "Type"],
  ["block", "Block"],
];
const PAGE = 50;

/** A lot's due date and how late it is (negative: early), hours from the start. */
export interface DueMark {
  readonly lotId: string;
  readonly dueH: number;
  readonly latenessH: number;
  readonly tardinessH: number;
}

export function ActivityTable(
  { activities, zone, due, startMs }: {
    activities: readonly Row[];
    zone: string;
    /** Due dates per lot, when the lots have them (a Due column then shows). */
    due?: readonly DueMark[] | undefined;
    startMs?: number;
  },
) {
  const dueOf = useMemo(() => new Map((due ?? []).map((d) => [d.lotId, d])), [due]);
  const [lateOnly, setLateOnly] = useState(false);
  const [sort, setSort] = useState<{ key: Key; dir: 1 | -1 }>({ key: "startH", dir: 1 });
  const [kind, setKind] = useState("");
  const [text, setText] = useState("");
  const [page, setPage] = useState(0);
  const rows = useMemo(() => {
    const t = text.trim().toLowerCase();
    const out = activities.filter((a) =>
      (!kind || a.kind === kind) &&
      (!lateOnly || (a.kind === "FILL" && (dueOf.get(a.lotId ?? "")?.tardinessH ?? 0) > 0)) &&
      (!t || `${a.lotId ?? ""} ${a.lotType ?? ""} ${a.note}`.toLowerCase().includes(t))
    );
    const { key, dir } = sort;
    return out.sort((a, b) => {
      const x = a[key] ?? "", y = b[key] ?? "";
      return (x < y ? -1 : x > y ? 1 : a.startH - b.startH) * dir;
    });
  }, [activities, kind, text, sort, lateOnly, dueOf]);
  const pages = Math.max(1, Math.ceil(rows.length / PAGE));
  const p = Math.min(page, pages - 1);
  return (
    <div>
      <div className="filters">
        <label>
          Activity{" "}
          <select value={kind} onChange={(e) => (setKind(e.target.value), setPage(0))}>
            <option value="">all</option>
            <option value="FILL">FILL</option>
            <option value="CHANGEOVER">CHANGEOVER</option>
            <option value="CLEAN">CLEAN</option>
          </select>
        </label>
        <label>
          Lot, type or note{" "}
          <input
            type="search"
            value={text}
            onChange={(e) => (setText(e.target.value), setPage(0))}
          />
        </label>
        {due?.length
          ? (
            <label>
              <input
                type="checkbox"
                checked={lateOnly}
                onChange={(e) => (setLateOnly(e.target.checked), setPage(0))}
              />{" "}
              late lots only
            </label>
          )
          : null}
        <span className="muted" role="status">{rows.length} of {activities.length} activities</span>
      </div>
      <div className="table-wrap">
        <table className="activities">
          <thead>
            <tr>
              {COLUMNS.map(([key, label]) => (
                <th
                  key={key}
                  scope="col"
                  aria-sort={sort.key === key
                    ? (sort.dir === 1 ? "ascending" : "descending")
                    : "none"}
                >
                  <button
                    type="button"
                    className="sort"
                    onClick={() =>
                      setSort((s) => ({ key, dir: s.key === key ? (s.dir === 1 ? -1 : 1) : 1 }))}
                  >
                    {label}
                    {sort.key === key ? (sort.dir === 1 ? " ▲" : " ▼") : ""}
                  </button>
                </th>
              ))}
              <th scope="col">End</th>
              {due?.length ? <th scope="col">Due</th> : null}
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(p * PAGE, (p + 1) * PAGE).map((a) => (
              <tr key={`${a.startH}-${a.kind}-${a.lotId}`}>
                <td>{instant(a.start, zone)}</td>
                <td>{a.kind}</td>
                <td className="num">{hours(a.hours)}</td>
                <td>{a.lotId ?? ""}</td>
                <td>{a.lotType ?? ""}</td>
                <td className="num">{a.block + 1}</td>
                <td>{instant(a.end, zone)}</td>
                {due?.length
                  ? (
                    <DueCell
                      mark={a.kind === "FILL" ? dueOf.get(a.lotId ?? "") : undefined}
                      zone={zone}
                      startMs={startMs ?? 0}
                    />
                  )
                  : null}
                <td>{a.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={p} pages={pages} onPage={setPage} />
    </div>
  );
}

function DueCell(
  { mark, zone, startMs }: { mark: DueMark | undefined; zone: string; startMs: number },
) {
  if (!mark) return <td />;
  const at = new Date(startMs + mark.dueH * 3_600_000).toISOString();
  return (
    <td className={mark.tardinessH > 0 ? "late" : undefined} data-late={mark.tardinessH > 0}>
      {instant(at, zone)}
      {mark.tardinessH > 0 ? ` (late ${hours(mark.tardinessH)})` : " (on time)"}
    </td>
  );
}

export function Pager(
  { page, pages, onPage }: { page: number; pages: number; onPage: (p: number) => void },
) {
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" disabled={page <= 0} onClick={() => onPage(page - 1)}>Previous</button>
      <span>Page {page + 1} of {pages}</span>
      <button type="button" disabled={page >= pages - 1} onClick={() => onPage(page + 1)}>
        Next
      </button>
    </nav>
  );
}
