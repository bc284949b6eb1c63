/** Lots CSV → lots, with every problem collected as an issue naming its line, field and lot. */
import type { IssueCode } from "../issue_codes.ts";
import type { Issue, LineConfig, Lot } from "../model.ts";
import { DEFAULT_CONFIG } from "../config.ts";
import { validateLots } from "../lots.ts";
import { findColumns, readCsv } from "./_csv.ts";
import { parseStartTime, StartTimeError } from "../time.ts";

/** Columns a lots CSV must have (matched ignoring case, spaces, `_` and `-`). */
export const LOT_COLUMNS = ["Lot ID", "Type", "Vials"] as const;

/** Columns a lots CSV may have: the due instant (as for the start time) and the tardiness weight. */
export const OPTIONAL_LOT_COLUMNS = ["Due", "Priority"] as const;

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/** A Priority field: empty (none) or a number > 0. */
function readPriority(raw: string): number | undefined | { message: string } {
  if (raw === "") return undefined;
  const p = Number(raw);
  if (!NUMBER.test(raw) || !Number.isFinite(p) || p <= 0) {
    return { message: `Priority must be a number > 0, got ${JSON.stringify(raw)}` };
  }
  return p;
}

/** A Due field: empty (none) or an instant as for the start time, naive ones in `timeZone`. */
function readDue(raw: string, timeZone: string): number | undefined | { message: string } {
  if (raw === "") return undefined;
  try {
    return parseStartTime(raw, timeZone);
  } catch (e) {
    if (!(e instanceof StartTimeError)) throw e;
    return {
      message: `Due must be ISO 8601 (e.g. 2026-01-09T18:00:00Z) or "YYYY-MM-DD HH:MM", got ${
        JSON.stringify(raw)
      }`,
    };
  }
}

/** A whole number of vials, optionally written with a zero fraction ("12.0"). */
const WHOLE = /^[+-]?\d+(?:\.0*)?$/;

/** The vial count of a field, or the code and message of its problem. */
function readVials(raw: string): number | { code: IssueCode; message: string } {
  const got = JSON.stringify(raw);
  if (raw === "") return { code: "VIALS_MISSING", message: "Vials is missing" };
  if (!WHOLE.test(raw)) {
    return { code: "VIALS_NOT_WHOLE", message: `Vials must be a whole number, got ${got}` };
  }
  const v = Number.parseInt(raw, 10);
  if (!Number.isSafeInteger(v)) {
    return { code: "VIALS_TOO_LARGE", message: `Vials is too large, got ${got}` };
  }
  if (v <= 0) return { code: "VIALS_NOT_POSITIVE", message: `Vials must be > 0, got ${got}` };
  return v;
}

/**
 * Parses a lots CSV. `lots` holds the rows that are valid on their own (each with its `line`);
 * use them only when `issues` is empty, since a file with errors must produce no schedule.
 * Optional `Due` and `Priority` columns give due dates (naive ones in `config.timeZone`, UTC
 * without one) and tardiness weights.
 */
export function parseLotsCsv(
  text: string,
  config: LineConfig & { readonly timeZone?: string } = DEFAULT_CONFIG,
): { lots: Lot[]; issues: Issue[] } {
  const { records, issues } = readCsv(text);
  const header = records[0];
  if (!header) {
    issues.push({
      code: "EMPTY_FILE",
      line: 1,
      field: "lots",
      message: issues.length
        ? "no readable header line"
        : `the file is empty: expected a header ${LOT_COLUMNS.join(", ")} and one row per lot`,
    });
    return { lots: [], issues };
  }
  const columns = findColumns(header, LOT_COLUMNS, OPTIONAL_LOT_COLUMNS);
  if (columns.issues.length) return { lots: [], issues: [...issues, ...columns.issues] };
  const { index } = columns;
  const rows = records.slice(1);
  if (!rows.length && !issues.length) {
    issues.push({
      code: "NO_LOTS",
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
        code: "FIELD_COUNT",
        line,
        ...lotId,
        message: `line ${line}${who}: ${fields.length} field${fields.length === 1 ? "" : "s"}, ` +
          `the header has ${header.fields.length}` +
          (many ? " (a comma inside a value needs quotes)" : ""),
      });
      if (many) continue;
    }
    let ok = true;
    const bad = (code: IssueCode, field: string, message: string) => {
      issues.push({ code, line, field, ...lotId, message: `line ${line}${who}: ${message}` });
      ok = false;
    };
    if (!id) bad("EMPTY_LOT_ID", "Lot ID", "empty Lot ID");
    if (!type) bad("EMPTY_TYPE", "Type", "empty Type");
    const vials = readVials(fields[index.Vials] ?? "");
    if (typeof vials !== "number") bad(vials.code, "Vials", vials.message);
    const due = index.Due === undefined
      ? undefined
      : readDue(fields[index.Due] ?? "", config.timeZone ?? "UTC");
    if (typeof due === "object") bad("INVALID_DUE", "Due", due.message);
    const priority = index.Priority === undefined
      ? undefined
      : readPriority(fields[index.Priority] ?? "");
    if (typeof priority === "object") bad("INVALID_PRIORITY", "Priority", priority.message);
    const extra = {
      ...(typeof due === "number" ? { dueMs: due } : {}),
      ...(typeof priority === "number" ? { priority } : {}),
    };
    if (id) {
      const first = firstLine.get(id);
      if (first !== undefined) {
        bad("DUPLICATE_LOT_ID", "Lot ID", `duplicate Lot ID ${id} (first on line ${first})`);
      } else firstLine.set(id, line);
    }
    if (ok && typeof vials === "number") lots.push({ id, type, vials, line, ...extra });
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
