/** Shared CSV reading: records with their 1-based start line, parse errors as issues, header lookup. */
import { parse } from "csv-parse/sync";
import type { Issue } from "../model.ts";

/** One CSV record: its trimmed fields and the file line it starts on. */
export interface CsvRecord {
  readonly fields: readonly string[];
  readonly line: number;
}

interface CsvParseError {
  readonly code?: string;
  readonly lines?: number;
  readonly message?: string;
}

function lineCount(fields: readonly string[]): number {
  let n = 0;
  for (const f of fields) for (const ch of f) if (ch === "\n") n++;
  return n;
}

/**
 * Reads every record of `text` (BOM, CRLF, quotes handled), skipping blank rows. A record that
 * cannot be read becomes an issue with its line, and reading goes on with the next record.
 */
export function readCsv(text: string): { records: CsvRecord[]; issues: Issue[] } {
  const records: CsvRecord[] = [];
  const issues: Issue[] = [];
  // One line ending everywhere keeps csv-parse's line count exact (mixed or lone \r would skew it).
  const normalized = text.replace(/\r\n?/g, "\n");
  let lastEnd = 0;
  const onSkip = (err: CsvParseError | undefined): undefined => {
    const end = err?.lines ?? lastEnd + 1;
    const start = lastEnd + 1;
    if (err?.code === "CSV_QUOTE_NOT_CLOSED") {
      issues.push({
        code: "UNCLOSED_QUOTE",
        line: start,
        message: `line ${start}: a quoted field is never closed (missing ")`,
      });
    } else {
      const why = (err?.message ?? "unreadable record").replace(/ at line \d+/, "");
      issues.push({
        code: "CSV_SYNTAX",
        line: end,
        message: `line ${end}: cannot read CSV: ${why}`,
      });
    }
    lastEnd = Math.max(lastEnd, end);
    return undefined;
  };
  parse(normalized, {
    bom: true,
    relax_column_count: true,
    trim: true,
    skip_empty_lines: false,
    skip_records_with_error: true,
    on_skip: onSkip,
    on_record: (record: string[], context: { lines: number }) => {
      const start = context.lines - lineCount(record);
      lastEnd = context.lines;
      const fields = record.map((f) => f.trim());
      if (fields.some((f) => f !== "")) records.push({ fields, line: start });
      return null;
    },
  });
  return { records, issues };
}

/** A column name reduced for matching: lower case without spaces, `_` and `-`. */
export function normalizeColumn(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, "");
}

/**
 * Positions of the `wanted` columns in `header`, matched ignoring case, spaces, `_` and `-`.
 * Issues name each missing column, and each wanted column the header names more than once (by
 * any spelling) with every position: picking one silently could read the wrong data.
 */
export function findColumns<K extends string, O extends string = never>(
  header: CsvRecord,
  wanted: readonly K[],
  optional: readonly O[] = [],
): { index: Record<K, number> & Partial<Record<O, number>>; issues: Issue[] } {
  const positions = new Map<string, number[]>();
  header.fields.forEach((f, i) => {
    const k = normalizeColumn(f);
    positions.set(k, [...(positions.get(k) ?? []), i]);
  });
  const index = {} as Record<K | O, number>;
  const missing: K[] = [];
  const issues: Issue[] = [];
  const required = new Set<string>(wanted);
  for (const w of [...wanted, ...optional]) {
    const at = positions.get(normalizeColumn(w));
    if (!at) {
      if (required.has(w)) missing.push(w as K);
      continue;
    }
    index[w] = at[0]!;
    if (at.length > 1) {
      const named = at.map((i) => `${JSON.stringify(header.fields[i])} at position ${i + 1}`);
      issues.push({
        code: "DUPLICATE_COLUMN",
        line: header.line,
        field: w,
        message: `line ${header.line}: column ${w} appears ${at.length} times (${
          named.join(", ")
        }); keep one`,
      });
    }
  }
  if (missing.length) {
    const found = header.fields.map((f) => JSON.stringify(f)).join(", ");
    issues.unshift({
      code: "MISSING_COLUMN",
      line: header.line,
      field: missing.join(", "),
      message: `line ${header.line}: missing column${missing.length > 1 ? "s" : ""} ${
        missing.join(", ")
      }; the header has ${found} (expected ${
        wanted.join(", ")
      }; case, spaces, "_" and "-" are ignored)`,
    });
  }
  return { index, issues };
}
