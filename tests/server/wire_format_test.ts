import { deepStrictEqual as assertEquals } from "node:assert/strict";
import superjson from "superjson";
import { wireFormat } from "../../src/server/wire_format.ts";

/** What a client reads: the answer as JSON text, read back by superjson. */
const overTheWire = (v: unknown) =>
  superjson.deserialize(JSON.parse(JSON.stringify(wireFormat.serialize(v))));

Deno.test("wire format: plain answers go as superjson's bare json; special values as superjson; clients read both", () => {
  const plain = { a: [1, "x", null, { b: true, c: 2.5 }], d: { e: [] }, skipped: undefined };
  assertEquals(wireFormat.serialize(plain), { json: plain });
  assertEquals(overTheWire(plain), {
    a: [1, "x", null, { b: true, c: 2.5 }],
    d: { e: [] },
  });
  const special: unknown[] = [
    { at: new Date(0) },
    { n: [NaN] },
    { n: Infinity },
    { z: -0 },
    { m: new Map([[1, 2]]) },
    { s: new Set(["a"]) },
    { big: 10n },
    { holes: [1, undefined] },
    undefined,
  ];
  for (const v of special) {
    assertEquals(wireFormat.serialize(v), superjson.serialize(v));
    assertEquals(overTheWire(v), v);
  }
  const input = superjson.serialize({ when: new Date(5) });
  assertEquals(wireFormat.deserialize(input), { when: new Date(5) });
});
