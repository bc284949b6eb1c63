/** A schedule request that keeps a worker busy for a while (cancel, queue and restart tests). */
import { registry } from "../../src/engine/mod.ts";
import { benchPath } from "./paths.ts";

/** Lots + strategy that run for about `seconds` (opt-pack's time limit on an instance it cannot close). */
export function longJob(seconds: number): {
  csv: string;
  strategy: string;
  config: Record<string, unknown>;
} {
  if (registry.has("opt-pack")) {
    return {
      csv: Deno.readTextFileSync(benchPath("public/uniform_n200_t4.csv")),
      strategy: "opt-pack",
      config: { strategyOptions: { "opt-pack": { timeLimitSec: seconds } } },
    };
  }
  // Until opt-pack is registered: a large instance for a packing heuristic (~1 s per 4000 lots).
  const n = Math.min(20_000, Math.round(4000 * seconds));
  const rows = Array.from(
    { length: n },
    (_, i) => `L${i},T${i % 12},${50_000 + (i * 7919) % 900_000}`,
  );
  return { csv: ["Lot ID,Type,Vials", ...rows].join("\n"), strategy: "hybrid-pack", config: {} };
}
