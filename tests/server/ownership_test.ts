import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { repoPath } from "../_helpers/paths.ts";
import { pollUntil } from "../_helpers/poll.ts";
import { startTestApp, trpcError } from "../_helpers/test_app.ts";

const CSV = Deno.readTextFileSync(repoPath("examples/lots.csv"));

Deno.test("another user's ids answer NOT_FOUND on every procedure that takes one", async () => {
  await using t = await startTestApp();
  const alice = await t.signUp();
  const bob = await t.signUp();
  const a = alice.client;
  const b = bob.client;
  const sched = await a.schedule.create.mutate({ csv: CSV, strategy: "spt" });
  const cmp = await a.compare.create.mutate({ csv: CSV, strategies: ["spt"] });
  const tpl = await a.config.templates.create.mutate({ name: "mine", config: { cleanHours: 20 } });
  await pollUntil(() => a.schedule.get.query({ id: sched.id }));
  await pollUntil(() => a.compare.get.query({ id: cmp.id }));

  const calls: [string, () => Promise<unknown>][] = [
    ["schedule.get", () => b.schedule.get.query({ id: sched.id })],
    ["schedule.cancel", () => b.schedule.cancel.mutate({ id: sched.id })],
    ["schedule.stop", () => b.schedule.stop.mutate({ id: sched.id })],
    ["schedule.delete", () => b.schedule.delete.mutate({ id: sched.id })],
    ["schedule.export", () => b.schedule.export.query({ id: sched.id, format: "json" })],
    ["schedule.replan", () => b.schedule.replan.mutate({ id: sched.id })],
    ["schedule.versions", () => b.schedule.versions.query({ id: sched.id })],
    ["schedule.diff", () => b.schedule.diff.query({ a: sched.id, b: sched.id })],
    [
      "schedule.rushOptions",
      () => b.schedule.rushOptions.query({ id: sched.id, lot: { id: "R", type: "T", vials: 1 } }),
    ],
    [
      "schedule.rushApply",
      () =>
        b.schedule.rushApply.mutate({
          id: sched.id,
          lot: { id: "R", type: "T", vials: 1 },
          at: { kind: "new-block", block: 0, position: 0 },
        }),
    ],
    ["compare.get", () => b.compare.get.query({ id: cmp.id })],
    ["compare.cancel", () => b.compare.cancel.mutate({ id: cmp.id })],
    ["compare.stop", () => b.compare.stop.mutate({ id: cmp.id })],
    ["compare.delete", () => b.compare.delete.mutate({ id: cmp.id })],
    ["config.templates.get", () => b.config.templates.get.query({ id: tpl.id })],
    ["config.templates.update", () => b.config.templates.update.mutate({ id: tpl.id, name: "x" })],
    ["config.templates.delete", () => b.config.templates.delete.mutate({ id: tpl.id })],
    ["config.templates.setDefault", () => b.config.templates.setDefault.mutate({ id: tpl.id })],
    [
      "schedule.create with templateId",
      () => b.schedule.create.mutate({ csv: CSV, templateId: tpl.id }),
    ],
    [
      "compare.create with templateId",
      () => b.compare.create.mutate({ csv: CSV, strategies: ["spt"], templateId: tpl.id }),
    ],
  ];
  for (const [name, call] of calls) {
    const e = await trpcError(call);
    assertEquals(e.data?.code, "NOT_FOUND", `${name}: ${e.message}`);
  }
  // Lists show only one's own records.
  assertEquals((await b.schedule.list.query()).total, 0);
  assertEquals((await b.compare.list.query()).total, 0);
  assertEquals(await b.config.templates.list.query(), []);
  // And nothing of Alice's changed.
  assertEquals((await a.schedule.get.query({ id: sched.id })).status, "completed");
  assertEquals((await a.compare.get.query({ id: cmp.id })).status, "completed");
  assertEquals((await a.config.templates.get.query({ id: tpl.id })).name, "mine");
  // Without a token every such procedure is UNAUTHORIZED.
  await trpcError(() => t.client().schedule.get.query({ id: sched.id }), "UNAUTHORIZED");
  await trpcError(() => t.client().schedule.list.query(), "UNAUTHORIZED");
  await trpcError(() => t.client().config.system.query(), "UNAUTHORIZED");
});
