import { deepStrictEqual as assertEquals, match as assertMatch } from "node:assert/strict";
import { validateLots } from "../../src/engine/lots.ts";
import { TINY } from "./_tiny.ts";

Deno.test("validateLots() accepts good lots and rejects an empty list", () => {
  assertEquals(validateLots([{ id: "a", type: "T", vials: 100 }], TINY), []);
  const e = validateLots([], TINY);
  assertEquals(e.map((i) => i.field), ["lots"]);
});

Deno.test("validateLots() names the lot by position when it has no line", () => {
  const e = validateLots(
    [
      { id: " ", type: "T", vials: 5 },
      { id: "b", type: "", vials: 5 },
      { id: "c", type: "T", vials: 2.5 },
      { id: "d", type: "T", vials: 0 },
      { id: "e", type: "T", vials: 101 },
      { id: "e", type: "T", vials: 5, line: 9 },
    ],
    TINY,
  );
  assertEquals(e.map((i) => [i.field, i.lotId ?? null, i.line ?? null]), [
    ["Lot ID", null, null],
    ["Type", "b", null],
    ["Vials", "c", null],
    ["Vials", "d", null],
    ["Vials", "e", null],
    ["Lot ID", "e", 9],
  ]);
  assertMatch(e[0]!.message, /^lot #1: empty Lot ID/);
  assertMatch(e[2]!.message, /whole number > 0, got 2\.5/);
  assertMatch(
    e[4]!.message,
    /lot e needs 10\.10 h to fill, longer than the 10 h window; .* at most 100 vials/,
  );
  assertMatch(e[5]!.message, /^line 9: duplicate Lot ID e \(first on lot #5\)/);
});
