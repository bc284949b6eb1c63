import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import { z } from "zod";
import { decode, lotSchema, shapeOf } from "../../src/db/codec/values.ts";
import type { Lot } from "../../src/engine/mod.ts";

Deno.test("shapeOf() admits only a schema with the engine type's exact fields (checked by deno check)", () => {
  const exact = shapeOf<Lot>()(z.object({
    id: z.string(),
    type: z.string(),
    vials: z.number(),
    line: z.number().optional(),
    dueMs: z.number().optional(),
    priority: z.number().optional(),
  }));
  // @ts-expect-error a schema without Lot's optional `line` would drop it on every read
  shapeOf<Lot>()(z.object({ id: z.string(), type: z.string(), vials: z.number() }));
  const line = z.number().optional();
  // @ts-expect-error a field of another type than the engine's
  shapeOf<Lot>()(z.object({ id: z.string(), type: z.string(), vials: z.string(), line }));
  const batch = z.string();
  // @ts-expect-error a field the engine does not have
  shapeOf<Lot>()(z.object({ id: z.string(), type: z.string(), vials: z.number(), line, batch }));
  assertEquals(exact.parse({ id: "a", type: "T", vials: 1, line: 2 }), {
    id: "a",
    type: "T",
    vials: 1,
    line: 2,
  });
});

Deno.test("decode() names the column of a value that does not fit its schema", () => {
  assertEquals(decode("lots_json", '[{"id":"a","type":"T","vials":3}]', z.array(lotSchema)), [
    { id: "a", type: "T", vials: 3 },
  ]);
  throws(() => decode("lots_json", '[{"id":"a"}]', z.array(lotSchema)), /corrupt lots_json column/);
});
