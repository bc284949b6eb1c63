import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { VerifiedTokens } from "../../src/server/services/verified_tokens.ts";
import { inTurn } from "../../src/server/services/cpu_turns.ts";

Deno.test("verified tokens: a remembered token is refused once it expires or before it is valid; the oldest is forgotten first", () => {
  const tokens = new VerifiedTokens(2);
  const t0 = Date.UTC(2026, 0, 5, 6);
  const s = (ms: number) => Math.floor(ms / 1000);
  tokens.add("a", { sub: "u1", exp: s(t0) + 60 });
  tokens.add("b", { sub: "u2", exp: s(t0) + 60, nbf: s(t0) + 10 });
  assertEquals(tokens.get("a", t0)?.sub, "u1");
  assertEquals(tokens.get("a", t0 + 60_000), null, "expired at exp, as jose");
  assertEquals(tokens.get("a", t0), null, "an expired token is forgotten");
  assertEquals(tokens.get("b", t0), null, "not yet valid");
  tokens.add("b", { sub: "u2", exp: s(t0) + 60, nbf: s(t0) + 10 });
  assertEquals(tokens.get("b", t0 + 10_000)?.sub, "u2");
  tokens.add("c", { sub: "u3", exp: s(t0) + 60 });
  tokens.add("d", { sub: "u4", exp: s(t0) + 60 });
  assertEquals(tokens.get("b", t0 + 10_000), null, "forgotten: the oldest beyond the cap");
  assertEquals(tokens.get("d", t0)?.sub, "u4");
});

Deno.test("cpu turns: work runs one at a time in order, each after a pass of the event loop", async () => {
  const order: string[] = [];
  let running = 0;
  const turn = (name: string) =>
    inTurn(async () => {
      running++;
      order.push(`${name}:${running}`);
      await Promise.resolve();
      running--;
      return name;
    });
  const timer = new Promise<void>((r) => setTimeout(() => (order.push("timer"), r()), 0));
  const done = await Promise.all([turn("a"), turn("b"), timer]);
  assertEquals(done.slice(0, 2), ["a", "b"]);
  assertEquals(order.filter((o) => o !== "timer"), ["a:1", "b:1"]);
  assertEquals(order[0], "timer", "a turn first yields to the event loop (a due timer runs)");
  await assertRejectsThenContinues();
});

/** A failing turn does not stop the turns after it. */
async function assertRejectsThenContinues(): Promise<void> {
  const failed = inTurn(() => Promise.reject(new Error("boom"))).then(() => "ok", (e) => e.message);
  const next = inTurn(() => "next");
  assertEquals(await failed, "boom");
  assertEquals(await next, "next");
}
