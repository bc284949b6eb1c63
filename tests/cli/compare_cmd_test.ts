import { deepStrictEqual as assertEquals, match as assertMatch } from "node:assert/strict";
import { parse } from "csv-parse/sync";
import { compareCommand, strategyList } from "../../src/cli/compare_cmd.ts";
import { memoryIo } from "../../src/cli/io.ts";
import { EXIT } from "../../src/cli/command.ts";
import { registry } from "../../src/engine/strategies/mod.ts";
import { SEED_LOTS } from "../_helpers/paths.ts";
import { BAD_LOTS_CSV, inTempDir } from "./_fixtures.ts";

const heuristics = () => registry.list().filter((s) => s.kind === "heuristic").map((s) => s.name);

Deno.test("compare runs the given order and each strategy, marks the best and writes files", async () => {
  await inTempDir(async (dir) => {
    const names = heuristics().filter((n) => n !== "given-order");
    const io = memoryIo();
    const code = await compareCommand(
      [
        "--data",
        SEED_LOTS,
        "--strategies",
        [...names, names[0]!].join(","),
        "--out",
        dir,
        "--bound-ms",
        "0",
      ],
      io,
    );
    assertEquals(code, EXIT.ok, io.stderr);
    const rows = parse(await Deno.readTextFile(`${dir}/kpis_all_runs.csv`), {
      columns: true,
    }) as Record<string, string>[];
    assertEquals(rows.map((r) => r.Strategy), ["given-order", ...names]);
    assertEquals(rows[0]!["Delta makespan h"], "0.0000");
    const best = rows.filter((r) => r.Best === "yes");
    assertEquals(best.length, 1);
    const min = Math.min(...rows.map((r) => Number(r["Makespan h"])));
    assertEquals(Number(best[0]!["Makespan h"]), min);
    for (const r of rows) {
      const doc = JSON.parse(await Deno.readTextFile(`${dir}/${r.Strategy}/schedule.json`));
      assertEquals(doc.kpis.makespanHours.toFixed(4), r["Makespan h"]);
      await Deno.stat(`${dir}/${r.Strategy}/schedule.csv`);
      await Deno.stat(`${dir}/${r.Strategy}/summary.txt`);
    }
    assertMatch(io.stdout, new RegExp(`\\* best: ${best[0]!.Strategy}`));
    assertMatch(io.stdout, /makespan h +Δ h +cleans +Δ +changeover h +Δ h +util % +gap %/);
    assertMatch(io.stdout, /lower bound \d+\.\d\d h/);
  });
});

Deno.test("compare --strategies all runs every registered strategy", async () => {
  await inTempDir(async (dir) => {
    // Optimizers get a small time budget (whatever their option is called) so the test stays quick.
    const opts = registry.list().flatMap((s) =>
      s.options.filter((o) => /time|budget/i.test(o.name) && o.type !== "boolean").flatMap((o) => {
        const v = Math.max(o.min ?? 0, /ms$/i.test(o.name) ? 300 : 1);
        return ["--option", `${s.name}.${o.name}=${v}`];
      })
    );
    const io = memoryIo();
    const code = await compareCommand(
      ["--data", SEED_LOTS, "--strategies", "all", "--out", dir, "--bound-ms", "0", ...opts],
      io,
    );
    assertEquals(code, EXIT.ok, io.stderr);
    const rows = parse(await Deno.readTextFile(`${dir}/kpis_all_runs.csv`), { columns: true });
    assertEquals(rows.length, registry.list().length);
  });
});

Deno.test("compare: unknown strategies exit 1 naming the valid ones; usage errors exit 2", async () => {
  const io = memoryIo();
  assertEquals(
    await compareCommand(["--data", SEED_LOTS, "--strategies", "spt,warp"], io),
    EXIT.invalid,
  );
  assertMatch(io.stderr, /strategies must be one of given-order .*, got "warp"/);
  const none = memoryIo();
  assertEquals(await compareCommand(["--data", SEED_LOTS, "--strategies", ","], none), EXIT.usage);
  const missing = memoryIo();
  assertEquals(await compareCommand(["--strategies", "all"], missing), EXIT.usage);
  assertMatch(missing.stderr, /missing --data/);
  const help = memoryIo();
  assertEquals(await compareCommand(["-h"], help), EXIT.ok);
  assertMatch(help.stdout, /kpis_all_runs\.csv/);
  assertEquals(strategyList(undefined), "all");
  assertEquals(strategyList(" ALL "), "all");
  assertEquals(strategyList("a, b,,c"), ["a", "b", "c"]);
});

Deno.test("compare lists CSV errors and exits 1", async () => {
  await inTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/bad.csv`, BAD_LOTS_CSV);
    const io = memoryIo();
    assertEquals(
      await compareCommand(["--data", `${dir}/bad.csv`, "--out", dir], io),
      EXIT.invalid,
    );
    assertEquals(io.stderr.match(/^error: .*bad\.csv: line \d+/gm)?.length, 7);
  });
});
