import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { ProgressGate } from "../../src/server/services/progress_gate.ts";

function recorder() {
  const sent: { u: number; at: number }[] = [];
  return { sent, send: (u: number) => sent.push({ u, at: performance.now() }) };
}

Deno.test("ProgressGate sends the first at once, holds the latest, keeps the spacing", async () => {
  const r = recorder();
  const gate = new ProgressGate(r.send, 40);
  for (let i = 1; i <= 5; i++) gate.offer(i);
  assertEquals(r.sent.map((s) => s.u), [1]);
  await new Promise((res) => setTimeout(res, 80));
  assertEquals(r.sent.map((s) => s.u), [1, 5]);
  assert(r.sent[1]!.at - r.sent[0]!.at >= 39);
  gate.close();
});

Deno.test("ProgressGate.flush sends the held update after the interval; close drops it", async () => {
  const r = recorder();
  const gate = new ProgressGate(r.send, 40);
  gate.offer(1);
  gate.offer(2);
  await gate.flush();
  assertEquals(r.sent.map((s) => s.u), [1, 2]);
  assert(r.sent[1]!.at - r.sent[0]!.at >= 39);
  await gate.flush(); // nothing held: nothing sent
  assertEquals(r.sent.length, 2);
  gate.offer(3);
  gate.close();
  await new Promise((res) => setTimeout(res, 60));
  assertEquals(r.sent.map((s) => s.u), [1, 2]);
});
