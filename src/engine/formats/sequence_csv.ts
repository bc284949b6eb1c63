/** Sequence CSV (one column `Lot ID`) → the lot IDs in the wanted order. */
import type { Issue } from "../model.ts";
import { findColumns, readCsv } from "./_csv.ts";

/** Parses a sequence CSV; blank rows are skipped, an empty ID is an issue with its line. */
export function parseSequenceCsv(text: string): { ids: string[]; issues: Issue[] } {
  const { records, issues } = readCsv(text);
  const header = records[0];
  if (!header) {
    issues.push({
      code: "EMPTY_FILE",
      line: 1,
      field: "Lot ID",
      message: "the sequence file is empty: expected a header Lot ID and one lot ID per line",
    });
    return { ids: [], issues };
  }
  const columns = findColumns(header, ["Lot ID"] as const);
  if (columns.issues.length) return { ids: [], issues: [...issues, ...columns.issues] };
  const { index } = columns;
  const ids: string[] = [];
  for (const { fields, line } of records.slice(1)) {
    const id = fields[index["Lot ID"]] ?? "";
    if (!id) {
      issues.push({
        code: "EMPTY_LOT_ID",
        line,
        field: "Lot ID",
        message: `line ${line}: empty Lot ID`,
      });
    } else ids.push(id);
  }
  return { ids, issues };
}
