/** Schedules as a table (dashboard, history): name, status, strategy, lots, makespan, gap, created. */
import { Link } from "./router.tsx";
import { ColumnHeads, StatusPill } from "./ui.tsx";
import { hours, instant, pct } from "./format.ts";

interface Row {
  readonly id: string;
  readonly name: string | null;
  readonly status: string;
  readonly strategy: string;
  readonly lotCount: number;
  readonly kpis: { makespanHours: number } | null;
  readonly bound: { gapPct: number } | null;
  readonly createdAt: string;
}

export function ScheduleTable(
  { items, onDelete, testId }: {
    items: readonly Row[];
    onDelete?: (s: Row) => void;
    testId?: string;
  },
) {
  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        <ColumnHeads
          names={[
            "Name",
            "Status",
            "Strategy",
            "Lots",
            "Makespan",
            "Gap",
            "Created",
          ]}
          actions={!!onDelete}
        />
        <tbody>
          {items.map((s) => (
            <tr key={s.id}>
              <td>
                <Link to={`/schedules/${s.id}`}>{s.name || "(unnamed)"}</Link>
              </td>
              <td>
                <StatusPill status={s.status} />
              </td>
              <td>{s.strategy}</td>
              <td className="num">{s.lotCount}</td>
              <td className="num">{hours(s.kpis?.makespanHours)}</td>
              <td className="num">{pct(s.bound?.gapPct, 2)}</td>
              <td>{instant(s.createdAt)}</td>
              {onDelete && (
                <td>
                  <button
                    type="button"
                    className="danger small"
                    aria-label={`Delete ${s.name || s.id}`}
                    onClick={() => onDelete(s)}
                  >
                    Delete
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface ComparisonRow {
  readonly id: string;
  readonly name: string | null;
  readonly status: string;
  readonly strategies: readonly string[];
  readonly best: string | null;
  readonly createdAt: string;
}

/** Comparisons as a list: name (or strategies), status, best run, created; optional delete. */
export function ComparisonList(
  { items, onDelete }: { items: readonly ComparisonRow[]; onDelete?: (c: ComparisonRow) => void },
) {
  if (!items.length) return <p className="muted">No comparisons yet.</p>;
  return (
    <ul>
      {items.map((c) => (
        <li key={c.id}>
          <Link to={`/compare/${c.id}`}>{c.name || c.strategies.join(", ")}</Link>{" "}
          <StatusPill status={c.status} /> {c.best && <>best: {c.best} ·</>} {instant(c.createdAt)}
          {onDelete && (
            <>
              {" "}
              <button
                type="button"
                className="danger small"
                aria-label={`Delete comparison ${c.name || c.id}`}
                onClick={() => onDelete(c)}
              >
                Delete
              </button>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
