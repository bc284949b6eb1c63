import { deepStrictEqual as assertEquals, match as assertMatch } from "node:assert/strict";
import { parseSequenceCsv } from "../../../src/engine/formats/sequence_csv.ts";

Deno.test("parseSequenceCsv() reads IDs in order, skipping blank lines", () => {
  const r = parseSequenceCsv('\uFEFFlot-id\r\nB\r\n\r\n"A,1"\r\n  C  \r\n');
  assertEquals(r, { ids: ["B", "A,1", "C"], issues: [] });
});

Deno.test("parseSequenceCsv() reports empty IDs, a missing column and an empty file", () => {
  const r = parseSequenceCsv("Lot ID,Note\nA,x\n,y\n");
  assertEquals(r.ids, ["A"]);
  assertEquals(r.issues.map((i) => [i.line, i.field]), [[3, "Lot ID"]]);
  const m = parseSequenceCsv("ID\nA\n");
  assertEquals(m.ids, []);
  assertMatch(m.issues[0]!.message, /missing column Lot ID/);
  assertMatch(parseSequenceCsv("").issues[0]!.message, /empty/);
});

Deno.test("parseSequenceCsv() rejects a Lot ID column named twice", () => {
  const { ids, issues } = parseSequenceCsv("Lot ID,lot id\nA,B\n");
  assertEquals(ids, []);
  assertEquals(issues.length, 1);
  assertMatch(issues[0]!.message, /column Lot ID appears 2 times .*position 1.*position 2/);
});
