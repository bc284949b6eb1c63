import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { numberTypes } from "../../src/engine/type_numbers.ts";

Deno.test("numberTypes numbers types by first appearance and maps every lot to its type", () => {
  const lots = ["B", "A", "B", "C", "A"].map((type, i) => ({ id: `L${i}`, type, vials: 1 }));
  const { type, typeNames } = numberTypes(lots);
  assertEquals(typeNames, ["B", "A", "C"]);
  assertEquals([...type], [0, 1, 0, 2, 1]);
  lots.forEach((lot, i) => assertEquals(typeNames[type[i]!], lot.type));
});

Deno.test("numberTypes of no lots is empty", () => {
  const { type, typeNames } = numberTypes([]);
  assertEquals(type.length, 0);
  assertEquals(typeNames, []);
});
