/** Fuzzing the file readers: lots CSV, sequence CSV. No throw, every issue coded and located. */
import { ok as assert } from "node:assert/strict";
import fc from "fast-check";
import { parseLotsCsv } from "../../src/engine/formats/lots_csv.ts";
import { parseSequenceCsv } from "../../src/engine/formats/sequence_csv.ts";
import { DEFAULT_CONFIG, type Issue, ISSUE_CODES, runSchedule } from "../../src/engine/mod.ts";
import { fuzzRuns, hostileString } from "./_hostile.ts";

const HEADERS = [
  "Lot ID,Type,Vials",
  "lot_id,type,vials",
  "LotID, Type ,VIALS,Extra",
  "Vials,Lot ID",
];

/** A field: a plausible value or a hostile one, sometimes quoted. */
const field = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom("A1", "A2", "B7", "VialE", "VialH", "1000", "20000", ""),
  },
  { weight: 2, arbitrary: fc.integer({ min: -10, max: 3_000_000 }).map(String) },
  { weight: 3, arbitrary: hostileString },
).chain((f) => fc.boolean().map((q) => (q ? `"${f.replace(/"/g, '""')}"` : f)));

const eol = fc.constantFrom("\n", "\r\n", "\r");

/** CSV-shaped text: a header (real or not), rows of 0–6 fields, mixed line ends, maybe a BOM. */
export const csvText = fc.tuple(
  fc.oneof(fc.constantFrom(...HEADERS), hostileString),
  fc.array(fc.array(field, { maxLength: 6 }), { maxLength: 12 }),
  eol,
  fc.boolean(),
).map(([header, rows, nl, bom]) =>
  (bom ? "\ufeff" : "") + [header, ...rows.map((r) => r.join(","))].join(nl)
);

/** Lots CSV that is mostly valid, so the "accepted" branch is reached often. */
const plausibleCsv = fc.array(
  fc.tuple(
    fc.constantFrom("A", "B", "C", "X", "lot-", "Ｌ"),
    fc.constantFrom("VialE", "VialH", "t", "Ѵ"),
    fc.integer({ min: 1, max: 2_400_000 }),
  ),
  { minLength: 1, maxLength: 12 },
).map((rows) =>
  "Lot ID,Type,Vials\n" + rows.map(([p, t, v], i) => `${p}${i},${t},${v}`).join("\n")
);

function checkIssues(issues: readonly Issue[]): void {
  for (const i of issues) {
    assert(i.code !== undefined && i.code in ISSUE_CODES, `no stable code: ${JSON.stringify(i)}`);
    assert(i.line !== undefined || i.field !== undefined, `not located: ${JSON.stringify(i)}`);
    assert(i.message.length > 0 && i.message.length < 2_000_000);
  }
}

Deno.test("fuzz: the lots CSV reader never throws; every issue has a code and a line or field", () => {
  fc.assert(
    fc.property(csvText, (text) => {
      const { lots, issues } = parseLotsCsv(text, DEFAULT_CONFIG);
      checkIssues(issues);
      if (!issues.length) assert(lots.length > 0);
      for (const l of lots) assert(Number.isSafeInteger(l.vials) && l.vials > 0 && l.id !== "");
    }),
    { numRuns: fuzzRuns(300) },
  );
});

Deno.test("fuzz: any lots CSV the reader accepts schedules to a plan the validator accepts", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(plausibleCsv, csvText),
      fc.constantFrom("given-order", "spt-pack", "lpt-pack", "cfs-pack", "smart-pack"),
      async (text, strategy) => {
        const { lots, issues } = parseLotsCsv(text, DEFAULT_CONFIG);
        if (issues.length) return;
        const s = await runSchedule(lots, DEFAULT_CONFIG, {
          strategy,
          startMs: 0,
          boundBudgetMs: 0,
        });
        assert(s.validation.errors.length === 0, JSON.stringify(s.validation.errors));
        const filled = s.activities.filter((a) => a.kind === "FILL").map((a) => a.lotId).sort();
        assert(JSON.stringify(filled) === JSON.stringify(lots.map((l) => l.id).sort()));
      },
    ),
    { numRuns: fuzzRuns(150) },
  );
});

Deno.test("fuzz: the sequence reader never throws; every issue has a code and a line or field", () => {
  fc.assert(
    fc.property(
      fc.oneof(csvText, fc.array(field).map((ids) => ["Lot ID", ...ids].join("\n"))),
      (text) => {
        const { ids, issues } = parseSequenceCsv(text);
        checkIssues(issues);
        for (const id of ids) assert(id !== "");
      },
    ),
    { numRuns: fuzzRuns(300) },
  );
});
