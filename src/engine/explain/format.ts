/** Numbers in explanations: hours to at most two decimals, so a sentence reads like the plan. */

/** `x` rounded to two decimals without trailing zeros ("118.4", "24", "0.05"). */
export function formatHours(x: number): string {
  const r = Math.round(x * 100) / 100;
  return (Object.is(r, -0) ? 0 : r).toString();
}
