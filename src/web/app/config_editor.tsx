/** Editor of a config layer: one field per line setting; empty means "inherit". Errors per field. */
import type { FieldIssue } from "./api.ts";
import { Field } from "./ui.tsx";
import { TextField } from "./form.tsx";

export const LINE_FIELDS: [string, string, string][] = [
  ["fillRateVph", "Fill rate", "vials/h"],
  ["cleanHours", "CLEAN duration", "h"],
  ["windowHours", "Window per block", "h"],
  ["chgSameHours", "Changeover, same type", "h"],
  ["chgDiffHours", "Changeover, different type", "h"],
];

/** What a run may optimize (the config's `objective`); empty inherits. */
const OBJECTIVE_CHOICES: [string, string][] = [
  ["", "(inherit)"],
  ["makespan", "Makespan only"],
  ["makespan-then-tardiness", "Makespan, then weighted tardiness"],
  ["tardiness", "Weighted tardiness within a makespan tolerance"],
];

/** One unavailable interval as the editor holds it: instants as typed (`YYYY-MM-DDTHH:MM`). */
export interface IntervalDraft {
  start: string;
  end: string;
  reason: string;
}

/**
 * Text values of the editor, keyed like the config. `calendar` holds the intervals as JSON text
 * (empty: inherit), so the draft stays one flat record of strings.
 */
export type ConfigDraft = Record<string, string>;

const TEXT_KEYS = new Set(["timeZone", "strategy", "objective"]);

/** The draft's intervals (none when it has no calendar). */
export function draftIntervals(d: ConfigDraft): IntervalDraft[] {
  return d.calendar ? JSON.parse(d.calendar) as IntervalDraft[] : [];
}

/** The draft as a config layer (numbers parsed; blanks left out so they inherit). */
export function draftToLayer(d: ConfigDraft): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d)) {
    if (v.trim() === "") continue;
    if (k === "calendar") {
      // Naive instants (as datetime-local gives them) are read in the run's time zone.
      out[k] = draftIntervals(d).map((i) => ({
        start: i.start.replace("T", " "),
        end: i.end.replace("T", " "),
        ...(i.reason.trim() ? { reason: i.reason.trim() } : {}),
      }));
    } else out[k] = TEXT_KEYS.has(k) ? v.trim() : Number(v);
  }
  return out;
}

export function layerToDraft(layer: Record<string, unknown>): ConfigDraft {
  const d: ConfigDraft = {};
  for (const [k] of LINE_FIELDS) d[k] = layer[k] === undefined ? "" : String(layer[k]);
  for (const k of ["objective", "makespanTolerancePct"]) {
    d[k] = layer[k] === undefined ? "" : String(layer[k]);
  }
  const cal = layer.calendar as { start: string; end: string; reason?: string }[] | undefined;
  d.calendar = cal?.length
    ? JSON.stringify(cal.map((i) => ({
      start: i.start.replace(" ", "T").slice(0, 16),
      end: i.end.replace(" ", "T").slice(0, 16),
      reason: i.reason ?? "",
    })))
    : "";
  return d;
}

/** The first issue naming `field`. */
export function issueFor(issues: readonly FieldIssue[], field: string): string | undefined {
  return issues.find((i) => i.field === field || i.field?.endsWith(`.${field}`))?.message;
}

export function ConfigEditor(
  { draft, onChange, issues, defaults }: {
    draft: ConfigDraft;
    onChange: (d: ConfigDraft) => void;
    issues: readonly FieldIssue[];
    defaults?: Record<string, unknown> | undefined;
  },
) {
  const intervals = draftIntervals(draft);
  const setIntervals = (list: IntervalDraft[]) =>
    onChange({ ...draft, calendar: list.length ? JSON.stringify(list) : "" });
  /** Sets one value of the `i`-th interval. */
  const setAt = (i: number, key: keyof IntervalDraft) => (text: string) =>
    setIntervals(intervals.map((x, k) => k === i ? { ...x, [key]: text } : x));
  return (
    <>
      <div className="grid">
        {LINE_FIELDS.map(([key, label, unit]) => (
          <TextField
            key={key}
            label={`${label} (${unit})`}
            error={issueFor(issues, key)}
            hint={defaults ? `empty: ${String(defaults[key])} ${unit}` : undefined}
            name={key}
            inputMode="decimal"
            value={draft[key] ?? ""}
            onValue={(text) => onChange({ ...draft, [key]: text })}
          />
        ))}
        <Field label="Objective" error={issueFor(issues, "objective")}>
          <select
            name="objective"
            value={draft.objective ?? ""}
            onChange={(e) => onChange({ ...draft, objective: e.target.value })}
          >
            {OBJECTIVE_CHOICES.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
          </select>
        </Field>
        <TextField
          label="Makespan tolerance (%)"
          error={issueFor(issues, "makespanTolerancePct")}
          hint="How much longer the plan may get to cut tardiness (objective tardiness)."
          name="makespanTolerancePct"
          inputMode="decimal"
          value={draft.makespanTolerancePct ?? ""}
          onValue={(text) => onChange({ ...draft, makespanTolerancePct: text })}
        />
      </div>
      <fieldset className="calendar" data-testid="calendar-editor">
        <legend>Line calendar: unavailable intervals (in the run's time zone)</legend>
        {intervals.length === 0 && <p className="muted">No maintenance or holidays.</p>}
        {intervals.map((iv, i) => (
          <div className="grid" key={i} data-testid="interval">
            <TextField
              label={`From #${i + 1}`}
              error={issueFor(issues, `calendar.${i}.start`)}
              type="datetime-local"
              name={`calendar.${i}.start`}
              value={iv.start}
              onValue={setAt(i, "start")}
            />
            <TextField
              label={`Until #${i + 1}`}
              error={issueFor(issues, `calendar.${i}.end`)}
              type="datetime-local"
              name={`calendar.${i}.end`}
              value={iv.end}
              onValue={setAt(i, "end")}
            />
            <TextField
              label={`Reason #${i + 1}`}
              name={`calendar.${i}.reason`}
              value={iv.reason}
              onValue={setAt(i, "reason")}
            />
            <button type="button" onClick={() => setIntervals(intervals.filter((_, k) => k !== i))}>
              Remove #{i + 1}
            </button>
          </div>
        ))}
        <button
          type="button"
          onClick={() => setIntervals([...intervals, { start: "", end: "", reason: "" }])}
        >
          Add unavailable interval
        </button>
      </fieldset>
    </>
  );
}
