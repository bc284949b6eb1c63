import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { DEFAULT_CONFIG } from "../../src/engine/mod.ts";
import { repoPath } from "../_helpers/paths.ts";
import { pollUntil } from "../_helpers/poll.ts";
import { startTestApp, trpcError } from "../_helpers/test_app.ts";

const CSV = Deno.readTextFileSync(repoPath("examples/lots.csv"));

Deno.test("config: templates CRUD, default, validate, system, and run precedence", async (t) => {
  await using app = await startTestApp({ config: { maxLots: 500 } });
  const { client } = await app.signUp();

  await t.step("system shows the defaults and limits", async () => {
    const sys = await client.config.system.query();
    assertEquals(sys.defaults, DEFAULT_CONFIG);
    assertEquals(sys.limits.maxLots, 500);
  });

  await t.step("validate lists every error with its field", async () => {
    const ok = await client.config.validate.query({ config: { cleanHours: 12 } });
    assertEquals(ok.valid, true);
    assertEquals(ok.config?.cleanHours, 12);
    const bad = await client.config.validate.query({
      config: { cleanHours: 0, chgSameHours: -1, timeZone: "Mars/Base", extra: true },
    });
    assertEquals(bad.valid, false);
    assertEquals(bad.errors.map((e) => e.field).sort(), [
      "chgSameHours",
      "cleanHours",
      "extra",
      "timeZone",
    ]);
    const cross = await client.config.validate.query({ config: { chgSameHours: 9 } });
    assertEquals(cross.errors.map((e) => e.field), ["chgDiffHours"]);
    const strat = await client.config.validate.query({
      config: { strategy: "smart", strategyOptions: { "smart-pack": { nope: 1 } } },
    });
    assertEquals(strat.errors.map((e) => e.field), ["strategyOptions.smart-pack.nope"]);
    const unknown = await client.config.validate.query({ config: { strategy: "zzz" } });
    assertEquals(unknown.errors.map((e) => e.field), ["strategy"]);
  });

  let userTpl = "", runTpl = "";
  await t.step("templates: create, get, list, update, conflicts, bad config", async () => {
    const u = await client.config.templates.create.mutate({
      name: "plant default",
      config: { cleanHours: 20, chgSameHours: 3, chgDiffHours: 9 },
    });
    userTpl = u.id;
    const r = await client.config.templates.create.mutate({
      name: "fast changeovers",
      description: "for trials",
      config: { chgSameHours: 2, windowHours: 100 },
    });
    runTpl = r.id;
    assertEquals((await client.config.templates.get.query({ id: r.id })).description, "for trials");
    assertEquals((await client.config.templates.list.query()).map((x) => x.name), [
      "fast changeovers",
      "plant default",
    ]);
    await trpcError(
      () => client.config.templates.create.mutate({ name: "plant default", config: {} }),
      "CONFLICT",
    );
    await trpcError(
      () => client.config.templates.update.mutate({ id: r.id, name: "plant default" }),
      "CONFLICT",
    );
    const bad = await trpcError(
      () => client.config.templates.create.mutate({ name: "bad", config: { windowHours: -1 } }),
      "BAD_REQUEST",
    );
    assertEquals(bad.data?.issues?.map((i) => i.field), ["windowHours"]);
    const up = await client.config.templates.update.mutate({
      id: r.id,
      config: { chgSameHours: 2, windowHours: 110 },
    });
    assertEquals(up.config, { chgSameHours: 2, windowHours: 110 });
  });

  await t.step("a run's effective config: request > template > user default > system", async () => {
    const d = await client.config.templates.setDefault.mutate({ id: userTpl });
    assertEquals(d.defaultTemplateId, userTpl);
    assertEquals((await client.config.templates.get.query({ id: userTpl })).isDefault, true);
    const { id } = await client.schedule.create.mutate({
      csv: CSV,
      strategy: "spt",
      templateId: runTpl,
      config: { windowHours: 115 },
    });
    const run = await pollUntil(() => client.schedule.get.query({ id }));
    assertEquals(run.status, "completed");
    assertEquals(run.config.windowHours, 115); // request beats template (110)
    assertEquals(run.config.chgSameHours, 2); // template beats user default (3)
    assertEquals(run.config.cleanHours, 20); // user default beats system (24)
    assertEquals(run.config.chgDiffHours, 9); // user default
    assertEquals(run.config.fillRateVph, DEFAULT_CONFIG.fillRateVph); // system
    assertEquals(run.configSources.windowHours, "request");
    assertEquals(run.configSources.chgSameHours, "template");
    assertEquals(run.configSources.cleanHours, "user");
    assertEquals(run.configSources.fillRateVph, "default");
    assertEquals(run.configSources.strategy, "request");
    assertEquals(run.templateId, runTpl);
    // The stored run used its effective config: every block fits in 115 h.
    for (const b of run.kpis!.blocks) assert(b.usedHours <= 115 + 1e-9);
    // Without a template or config, the user default alone applies.
    const plain = await client.schedule.create.mutate({ csv: CSV, strategy: "spt" });
    const p = await pollUntil(() => client.schedule.get.query({ id: plain.id }));
    assertEquals(p.config.cleanHours, 20);
    assertEquals(p.config.windowHours, DEFAULT_CONFIG.windowHours);
  });

  await t.step("a bad request config names its source and field", async () => {
    const e = await trpcError(
      () => client.schedule.create.mutate({ csv: CSV, config: { cleanHours: "x" } }),
      "BAD_REQUEST",
    );
    assertEquals(e.data?.issues?.map((i) => i.field), ["cleanHours"]);
    assert(e.message.includes("request"));
    const tooMany = Array.from({ length: 501 }, (_, i) => ({ id: `L${i}`, type: "T", vials: 10 }));
    const big = await trpcError(
      () => client.schedule.create.mutate({ lots: tooMany }),
      "BAD_REQUEST",
    );
    assert(big.message.includes("lots must be at most 500 per run, got 501"), big.message);
  });

  await t.step("deleting the default template clears the default", async () => {
    assertEquals(await client.config.templates.delete.mutate({ id: userTpl }), {
      id: userTpl,
      deleted: true,
    });
    await trpcError(() => client.config.templates.get.query({ id: userTpl }), "NOT_FOUND");
    const plain = await client.schedule.create.mutate({ csv: CSV, strategy: "spt" });
    const p = await pollUntil(() => client.schedule.get.query({ id: plain.id }));
    assertEquals(p.config.cleanHours, DEFAULT_CONFIG.cleanHours);
    await client.config.templates.setDefault.mutate({ id: runTpl });
    assertEquals(
      (await client.config.templates.setDefault.mutate({ id: null })).defaultTemplateId,
      null,
    );
    assertEquals((await client.config.templates.get.query({ id: runTpl })).isDefault, false);
  });
});
