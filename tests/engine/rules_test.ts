import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import {
  changeoverHours,
  EPS_HOURS,
  fillHours,
  fitsWindow,
  maxVialsPerLot,
} from "../../src/engine/rules.ts";
import { DEFAULT_CONFIG } from "../../src/engine/config.ts";
import { TINY } from "./_tiny.ts";

Deno.test("fillHours() is vials / rate, unrounded", () => {
  assertEquals(fillHours({ vials: 25 }, TINY), 2.5);
  assertEquals(fillHours({ vials: 100000 }, DEFAULT_CONFIG), 100000 / 19920);
});

Deno.test("changeoverHours() is none after a clean, same or different otherwise", () => {
  assertEquals(changeoverHours(null, "A", TINY), 0);
  assertEquals(changeoverHours("A", "A", TINY), 1);
  assertEquals(changeoverHours("A", "B", TINY), 3);
});

Deno.test("fitsWindow() allows exactly the window plus float noise, not more", () => {
  assert(fitsWindow(4, 6, TINY));
  assert(fitsWindow(4, 6 + EPS_HOURS / 2, TINY));
  assert(!fitsWindow(4, 6.001, TINY));
});

Deno.test("maxVialsPerLot() is the most vials that fit an empty window", () => {
  assertEquals(maxVialsPerLot(TINY), 100);
  assertEquals(maxVialsPerLot(DEFAULT_CONFIG), 120 * 19920);
  assert(fillHours({ vials: maxVialsPerLot(DEFAULT_CONFIG) }, DEFAULT_CONFIG) <= 120);
});
