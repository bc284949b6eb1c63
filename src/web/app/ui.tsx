/** Small shared pieces: cards, badges, loading and error states, KPI cards. */
import type { ReactNode } from "react";
import { count, hours, pct } from "./format.ts";
import { errorMessage } from "./api.ts";

export function Loading({ what = "Loading" }: { what?: string }) {
  return <p className="loading" role="status" aria-live="polite">{what}…</p>;
}

export function ErrorBox({ error, retry }: { error: unknown; retry?: () => void }) {
  return (
    <div className="error" role="alert">
      <strong>Something went wrong:</strong> {errorMessage(error)}
      {retry && <button type="button" onClick={retry}>Try again</button>}
    </div>
  );
}

export function Card({ title, children }: { title?: string; children: ReactNode }) {
  return (
    <section className="card">
      {title && <h2>{title}</h2>}
      {children}
    </section>
  );
}

export function StatusPill({ status }: { status: string }) {
  return <span className={`pill pill-${status}`}>{status}</span>;
}

interface KpiLike {
  makespanHours: number;
  fillHours: number;
  changeoverHours: number;
  cleanHours: number;
  cleans: number;
  lots: number;
  utilization: number;
  idleHours?: number;
  due?: {
    lotsWithDue: number;
    onTime: number;
    late: number;
    weightedTardinessHours: number;
    maxLatenessHours: number;
  } | undefined;
}

interface BoundLike {
  lowerBoundHours: number;
  method: string;
  gapPct: number;
  provenOptimal: boolean;
  tardiness?: { lowerBoundHours: number; method: string } | undefined;
}

/** The KPI cards; each value carries `data-kpi` so it can be read back by name. */
export function KpiCards({ kpis, bound }: { kpis: KpiLike; bound?: BoundLike | null }) {
  const items: [string, string, string][] = [
    ["makespanHours", "Makespan", hours(kpis.makespanHours)],
    ["fillHours", "Fill", hours(kpis.fillHours)],
    ["changeoverHours", "Changeovers", hours(kpis.changeoverHours)],
    ["cleanHours", "Cleaning", hours(kpis.cleanHours)],
    ["cleans", "Cleans (blocks)", count(kpis.cleans)],
    ["lots", "Lots", count(kpis.lots)],
    ["utilization", "Utilisation", pct(kpis.utilization * 100)],
  ];
  if (kpis.idleHours) items.push(["idleHours", "Idle (calendar)", hours(kpis.idleHours)]);
  if (kpis.due) {
    items.push([
      "onTime",
      "On time",
      `${count(kpis.due.onTime)} of ${count(kpis.due.lotsWithDue)}`,
    ]);
    items.push(["late", "Late lots", count(kpis.due.late)]);
    items.push([
      "weightedTardinessHours",
      "Weighted tardiness",
      hours(kpis.due.weightedTardinessHours),
    ]);
    items.push(["maxLatenessHours", "Max lateness", hours(kpis.due.maxLatenessHours)]);
  }
  if (bound) {
    items.push(["lowerBoundHours", "Lower bound", hours(bound.lowerBoundHours)]);
    items.push(["gapPct", "Gap to bound", pct(bound.gapPct, 2)]);
    if (bound.tardiness) {
      items.push([
        "tardinessBound",
        "Tardiness bound",
        `${hours(bound.tardiness.lowerBoundHours)} (${bound.tardiness.method})`,
      ]);
    }
  }
  return (
    <dl className="kpis">
      {items.map(([key, label, value]) => (
        <div className="kpi" key={key}>
          <dt>{label}</dt>
          <dd data-kpi={key}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function BoundBadge({ bound }: { bound: BoundLike | null | undefined }) {
  if (!bound) return null;
  return bound.provenOptimal
    ? <span className="badge badge-optimal">proven optimal</span>
    : (
      <span className="badge badge-gap">
        gap {pct(bound.gapPct, 2)} to the {bound.method} bound {hours(bound.lowerBoundHours)}
      </span>
    );
}

/**
 * A table's header row, one column header per name; `false` leaves its column out, so a table's
 * optional columns are named in line with the others. `actions` adds a last column of row buttons,
 * its header for screen readers only (the buttons say what they do).
 */
export function ColumnHeads(
  { names, actions = false }: { names: readonly (string | false)[]; actions?: boolean },
) {
  return (
    <thead>
      <tr>
        {names.map((name, i) => name !== false && <th key={i} scope="col">{name}</th>)}
        {actions && (
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        )}
      </tr>
    </thead>
  );
}

/** A labelled form field (the label wraps the control, so clicking it focuses the control). */
export function Field(
  { label, error, hint, children }: {
    label: string;
    error?: string | undefined;
    hint?: string | undefined;
    children: ReactNode;
  },
) {
  return (
    <label className={`field${error ? " field-invalid" : ""}`}>
      <span className="field-label">{label}</span>
      {children}
      {hint && <span className="field-hint">{hint}</span>}
      {error && <span className="field-error" role="alert">{error}</span>}
    </label>
  );
}

/** Downloads text or bytes as a file. */
export function download(filename: string, content: string | Uint8Array, type: string): void {
  const blob = new Blob([content as BlobPart], { type });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
