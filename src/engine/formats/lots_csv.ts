/** Lots CSV → lots, with every problem collected as an issue naming its line, field and lot. */
import type { Issue, LineConfig, Lot } from "../model.ts";
import { DEFAULT_CONFIG } from "../config.ts";
import { validateLots } from "../lots.ts";
import { findColumns, readCsv } from "./_csv.ts";

/** Columns a lots CSV must have (matched ignoring case, spaces, `_` and `-`). */
export const LOT_COLUMNS = ["Lot ID", "Type", "Vials"] as const;

/** A whole number of vials, optionally written with a zero fraction ("12.0"). */
const WHOLE = /^[+-]?\d+(?:\.0*)?$/;

function readVials(raw: string): number | string {
  if (raw === "") return "Vials is missing";
  if (!WHOLE.test(raw)) return `Vials must be a whole number, got ${JSON.stringify(raw)}`;
  const v = Number.parseInt(raw, 10);
  if (!Number.isSafeInteger(v)) return `Vials is too large, got ${JSON.stringify(raw)}`;
  if (v <= 0) return `Vials must be > 0, got ${JSON.stringify(raw)}`;
  return v;
}

/**
 * Parses a lots CSV. `lots` holds the rows that are valid on their own (each with its `line`);
 * use them only when `issues` is empty, since a file with errors must produce no schedule.
 */
export function parseLotsCsv(
  text: string,
  config: LineConfig = DEFAULT_CONFIG,
): { lots: Lot[]; issues: Issue[] } {
  const { records, issues } = readCsv(text);
  const header = records[0];
  if (!header) {
    issues.push({
      line: 1,
      field: "lots",
      message: issues.length
        ? "no readable header line"
        : `the file is empty: expected a header ${LOT_COLUMNS.join(", ")} and one row per lot`,
    });
    return { lots: [], issues };
  }
  const columns = findColumns(header, LOT_COLUMNS);
  if (columns.issues.length) return { lots: [], issues: [...issues, ...columns.issues] };
  const { index } = columns;
  const rows = records.slice(1);
  if (!rows.length && !issues.length) {
    issues.push({
      line: header.line,
      field: "lots",
      message: `line ${header.line}: the file has a header but no lots`,
    });
  }
  const lots: Lot[] = [];
  const rejected: Lot[] = [];
  const firstLine = new Map<string, number>();
  for (const { fields, line } of rows) {
    const id = fields[index["Lot ID"]] ?? "";
    const type = fields[index.Type] ?? "";
    const who = id ? ` (lot ${id})` : "";
    const lotId = id ? { lotId: id } : {};
    if (fields.length !== header.fields.length) {
      const many = fields.length > header.fields.length;
      issues.push({
        line,
        ...lotId,
        message: `line ${line}${who}: ${fields.length} field${fields.length === 1 ? "" : "s"}, ` +
          `the header has ${header.fields.length}` +
          (many ? " (a comma inside a value needs quotes)" : ""),
      });
      if (many) continue;
    }
    let ok = true;
    const bad = (field: string, message: string) => {
      issues.push({ line, field, ...lotId, message: `line ${line}${who}: ${message}` });
      ok = false;
    };
    if (!id) bad("Lot ID", "empty Lot ID");
    if (!type) bad("Type", "empty Type");
    const vials = readVials(fields[index.Vials] ?? "");
    if (typeof vials === "string") bad("Vials", vials);
    if (id) {
      const first = firstLine.get(id);
      if (first !== undefined) {
        bad("Lot ID", `duplicate Lot ID ${id} (first on line ${first})`);
      } else firstLine.set(id, line);
    }
    if (ok && typeof vials === "number") lots.push({ id, type, vials, line });
    // A row with other errors still gets its window check, so every problem shows at once.
    else if (typeof vials === "number") rejected.push({ id, type: type || "?", vials, line });
  }
  for (const i of validateLots(rejected, config)) if (i.field === "Vials") issues.push(i);
  // Rules that hold whatever the source (window length) come from lots.ts; duplicates are done.
  const seen = new Set(issues.map((i) => `${i.line}|${i.field}|${i.lotId}`));
  for (const i of validateLots(lots, config)) {
    if (lots.length === 0 || seen.has(`${i.line}|${i.field}|${i.lotId}`)) continue;
    issues.push(i);
  }
  issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { lots, issues };
}
