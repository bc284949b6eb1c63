import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { Buffer } from "node:buffer";
import { RawJson, spliceRawBytes, spliceRawText } from "../../src/server/raw_json.ts";
import { wireFormat } from "../../src/server/wire_format.ts";

const bytes = (v: unknown) => Buffer.from(JSON.stringify(v));
const text = (b: Uint8Array) => Buffer.from(b).toString("utf8");

Deno.test("raw json: kept JSON stands in an answer and is written as it is, over HTTP and WebSocket", () => {
  const view = { id: "s1", lots: ["Ä-1", "лот"], kpis: { makespanHours: 12.5 }, note: null };
  const other = [1, 2, { x: "y" }];
  const answer = () => [
    { result: { data: wireFormat.serialize(new RawJson(bytes(view))) } },
    { result: { data: { json: { list: new RawJson(bytes(other)), total: 1 } } } },
  ];
  const expected = [
    { result: { data: { json: view } } },
    { result: { data: { json: { list: other, total: 1 } } } },
  ];
  const http = spliceRawBytes(Buffer.from(JSON.stringify(answer())));
  assertEquals(JSON.parse(text(http)), expected);
  const ws = spliceRawText(JSON.stringify(answer()));
  assertEquals(JSON.parse(ws), expected);
  // Spliced once: the same placeholder text again is left as it is.
  const once = JSON.stringify({ data: new RawJson(bytes(view)) });
  spliceRawBytes(Buffer.from(once));
  assertEquals(text(spliceRawBytes(Buffer.from(once))), once);
});

Deno.test("raw json: text that looks like a placeholder is never replaced", () => {
  const kept = new RawJson(bytes({ secret: "of another answer" }));
  const real = JSON.stringify({ a: kept });
  const id = /raw:[0-9a-f]+:(\d+)/.exec(real)![1];
  // Same shape with a guessed nonce, and the bare number: neither is this process' placeholder.
  const forged = JSON.stringify({ name: `\u0000raw:${"0".repeat(32)}:${id}`, n: `raw:${id}` });
  assertEquals(spliceRawText(forged), forged);
  assertEquals(text(spliceRawBytes(Buffer.from(forged))), forged);
  // A user's own text stays text, even next to a real placeholder.
  const mixed = JSON.stringify({ user: "\u0000raw:", kept: new RawJson(bytes([7])) });
  assertEquals(JSON.parse(spliceRawText(mixed)), { user: "\u0000raw:", kept: [7] });
  assert(JSON.parse(text(spliceRawBytes(Buffer.from(real)))).a.secret);
});

Deno.test("raw json: answers without placeholders pass through untouched", () => {
  const plain = Buffer.from(JSON.stringify([{ result: { data: { json: { ok: true } } } }]));
  assertEquals(spliceRawBytes(plain), plain);
  assertEquals(spliceRawText('{"a":1}'), '{"a":1}');
});
