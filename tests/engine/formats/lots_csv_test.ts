import {
  deepStrictEqual as assertEquals,
  match as assertMatch,
  ok as assert,
} from "node:assert/strict";
import { parseLotsCsv } from "../../../src/engine/formats/lots_csv.ts";
import { DEFAULT_CONFIG } from "../../../src/engine/config.ts";
import { SEED_LOTS } from "../../_helpers/paths.ts";

const one = (text: string) => {
  const r = parseLotsCsv(text);
  assertEquals(r.issues.length, 1, JSON.stringify(r.issues));
  return r.issues[0]!;
};

Deno.test("parseLotsCsv() reads the seed file with line numbers", async () => {
  const { lots, issues } = parseLotsCsv(await Deno.readTextFile(SEED_LOTS));
  assertEquals(issues, []);
  assertEquals(lots.length, 15);
  assertEquals(lots[0], { id: "A1", type: "VialE", vials: 100000, line: 2 });
  assertEquals(lots[14]!.line, 16);
});

Deno.test("parseLotsCsv() handles BOM, CRLF, quotes, blank lines and header aliases", () => {
  const text = '\uFEFFlot_id , TYPE,  vials-\r\n\r\n"A,1" , "x ""q""",  100 \r\n' +
    ',,\r\n   \r\n"B\nmulti",t,"2,0"\r\nC,t,12.0\r\n';
  const { lots, issues } = parseLotsCsv(text);
  assertEquals(lots.slice(0, 1), [{ id: "A,1", type: 'x "q"', vials: 100, line: 3 }]);
  // "2,0" is not a whole number; the multi-line lot starts on line 6.
  assertEquals(issues.length, 1);
  assertEquals(issues[0]!.line, 6);
  assertEquals(issues[0]!.field, "Vials");
  assertEquals(issues[0]!.lotId, "B\nmulti");
  assertEquals(lots[1], { id: "C", type: "t", vials: 12, line: 8 });
});

Deno.test("parseLotsCsv() names missing columns and the header found", () => {
  const i = one("Lot,Type,Qty\nA,t,1\n");
  assertEquals(i.line, 1);
  assertEquals(i.field, "Lot ID, Vials");
  assertMatch(i.message, /missing columns Lot ID, Vials/);
  assertMatch(i.message, /"Lot","Type","Qty"|"Lot", "Type", "Qty"/);
});

Deno.test("parseLotsCsv() rejects a column named twice, with both positions, by any spelling", () => {
  const same = parseLotsCsv("Lot ID,Type,Vials,Vials\nA,t,1,2\n");
  assertEquals(same.lots, []);
  assertEquals(same.issues.length, 1);
  assertEquals(same.issues[0]!.field, "Vials");
  assertEquals(same.issues[0]!.line, 1);
  assertMatch(same.issues[0]!.message, /column Vials appears 2 times/);
  assertMatch(same.issues[0]!.message, /"Vials" at position 3, "Vials" at position 4/);
  const spellings = parseLotsCsv("Lot ID,Type,lot_id,Vials\nA,t,B,2\n");
  assertEquals(spellings.issues.map((i) => i.field), ["Lot ID"]);
  assertMatch(spellings.issues[0]!.message, /"Lot ID" at position 1, "lot_id" at position 3/);
  // Every doubled column is named, next to a missing one.
  const both = parseLotsCsv("Type,TYPE,LotID,Lot-ID\n");
  assertEquals(both.issues.map((i) => i.field), ["Vials", "Lot ID", "Type"]);
  // A column we do not read may repeat: it is not ours to choose between.
  assertEquals(parseLotsCsv("Lot ID,Type,Vials,Note,Note\nA,t,1,x,y\n").issues, []);
});

Deno.test("parseLotsCsv() rejects empty files and header-only files", () => {
  assertMatch(one("").message, /empty/);
  assertMatch(one("\uFEFF\r\n\r\n").message, /empty/);
  const h = one("Lot ID,Type,Vials\r\n");
  assertEquals(h.line, 1);
  assertMatch(h.message, /no lots/);
});

Deno.test("parseLotsCsv() collects every row error with line, field and lot", () => {
  const text = [
    "Lot ID,Type,Vials",
    ",t,5", // 2 empty id
    "B,,5", // 3 empty type
    "C,t,", // 4 vials missing
    "D,t,1e5", // 5
    "E,t,12.5", // 6
    "F,t,abc", // 7
    "G,t,0", // 8
    "H,t,-3", // 9
    "I,t,5", // 10
    "I,t,6", // 11 duplicate
    "J,t,999999999", // 12 too long
  ].join("\n");
  const { issues } = parseLotsCsv(text);
  const got = issues.map((i) => [i.line, i.field, i.lotId ?? null]);
  assertEquals(got, [
    [2, "Lot ID", null],
    [3, "Type", "B"],
    [4, "Vials", "C"],
    [5, "Vials", "D"],
    [6, "Vials", "E"],
    [7, "Vials", "F"],
    [8, "Vials", "G"],
    [9, "Vials", "H"],
    [11, "Lot ID", "I"],
    [12, "Vials", "J"],
  ]);
  assertMatch(issues[2]!.message, /Vials is missing/);
  assertMatch(issues[3]!.message, /whole number, got "1e5"/);
  assertMatch(issues[6]!.message, /> 0, got "0"/);
  assertMatch(issues[8]!.message, /line 11.*duplicate Lot ID I \(first on line 10\)/);
  const max = Math.floor(DEFAULT_CONFIG.windowHours * DEFAULT_CONFIG.fillRateVph);
  assertMatch(issues[9]!.message, new RegExp(`at most ${max} vials`));
});

Deno.test("parseLotsCsv() uses the given config for the window check", () => {
  const text = "Lot ID,Type,Vials\nA,t,2000\n";
  assertEquals(parseLotsCsv(text).issues, []);
  const r = parseLotsCsv(text, { ...DEFAULT_CONFIG, fillRateVph: 10, windowHours: 100 });
  assertEquals(r.issues.length, 1);
  assertMatch(r.issues[0]!.message, /at most 1000 vials/);
});

Deno.test("parseLotsCsv() reports rows with too many or too few fields", () => {
  const { issues } = parseLotsCsv("Lot ID,Type,Vials\nA,t,1,000\nB,t\nC,t,5\n");
  assertEquals(issues.map((i) => i.line), [2, 3, 3]);
  assertMatch(issues[0]!.message, /4 fields, the header has 3/);
  assertMatch(issues[1]!.message, /2 fields/);
  assertEquals(issues[2]!.field, "Vials");
});

Deno.test("parseLotsCsv() reports an unterminated quote at the line it opens", () => {
  const { issues, lots } = parseLotsCsv('Lot ID,Type,Vials\nA,t,5\n"B,t,5\nC,t,5\n');
  assertEquals(lots.length, 1);
  assertEquals(issues.length, 1);
  assertEquals(issues[0]!.line, 3);
  assertMatch(issues[0]!.message, /never closed/);
});

Deno.test("parseLotsCsv() reports a stray quote and keeps reading", () => {
  const { issues, lots } = parseLotsCsv('Lot ID,Type,Vials\nA"x,t,5\nC,t,5\n');
  assertEquals(lots.map((l) => l.id), ["C"]);
  assertEquals(issues.length, 1);
  assertEquals(issues[0]!.line, 2);
  assert(!issues[0]!.message.includes("at line"));
});

Deno.test("parseLotsCsv() ignores extra columns when every row has them", () => {
  const { lots, issues } = parseLotsCsv("Note,Vials,Type,Lot ID\nx,5,t,A\n");
  assertEquals(issues, []);
  assertEquals(lots, [{ id: "A", type: "t", vials: 5, line: 2 }]);
});

Deno.test("parseLotsCsv() checks the window on a row that has other errors too", () => {
  const r = parseLotsCsv("Lot ID,Type,Vials\nB9,,9999999\nA1,VialE,100\n");
  assertEquals(r.issues.map((i) => [i.line, i.field]), [[2, "Type"], [2, "Vials"]]);
  assertMatch(r.issues[1]!.message, /longer than the 120 h window/);
  assertEquals(r.lots.map((l) => l.id), ["A1"]);
});
