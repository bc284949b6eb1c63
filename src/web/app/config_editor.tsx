/** Editor of a config layer: one field per line setting; empty means "inherit". Errors per field. */
import type { FieldIssue } from "./api.ts";
import { Field } from "./ui.tsx";

export const LINE_FIELDS: [string, string, string][] = [
  ["fillRateVph", "Fill rate", "vials/h"],
  ["cleanHours", "CLEAN duration", "h"],
  ["windowHours", "Window per block", "h"],
  ["chgSameHours", "Changeover, same type", "h"],
  ["chgDiffHours", "Changeover, different type", "h"],
];

/** Text values of the editor, keyed like the config. */
export type ConfigDraft = Record<string, string>;

/** The draft as a config layer (numbers parsed; blanks left out so they inherit). */
export function draftToLayer(d: ConfigDraft): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d)) {
    if (v.trim() === "") continue;
    out[k] = k === "timeZone" || k === "strategy" ? v.trim() : Number(v);
  }
  return out;
}

export function layerToDraft(layer: Record<string, unknown>): ConfigDraft {
  const d: ConfigDraft = {};
  for (const [k] of LINE_FIELDS) d[k] = layer[k] === undefined ? "" : String(layer[k]);
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
  return (
    <div className="grid">
      {LINE_FIELDS.map(([key, label, unit]) => (
        <Field
          key={key}
          label={`${label} (${unit})`}
          error={issueFor(issues, key)}
          hint={defaults ? `empty: ${String(defaults[key])} ${unit}` : undefined}
        >
          <input
            name={key}
            inputMode="decimal"
            value={draft[key] ?? ""}
            onChange={(e) => onChange({ ...draft, [key]: e.target.value })}
          />
        </Field>
      ))}
    </div>
  );
}
