/** Strategy options that keep tests of searching strategies short. */
import type { Strategy } from "../../src/engine/registry.ts";

/** Options that keep a searching strategy short: time limits and iteration caps, when declared. */
export function quickOptions(s: Strategy): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const spec of s.options) {
    if (spec.type !== "number" && spec.type !== "integer") continue;
    const clamp = (v: number) => Math.min(spec.max ?? v, Math.max(spec.min ?? v, v));
    if (/time.*(ms|millis)/i.test(spec.name)) o[spec.name] = clamp(50);
    else if (/time.*(s|sec|seconds)$/i.test(spec.name)) o[spec.name] = clamp(0.05);
    else if (/maxIter/i.test(spec.name)) o[spec.name] = clamp(200);
  }
  return o;
}
