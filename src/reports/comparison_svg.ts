/** The comparison chart: a makespan bar per strategy and the lower bound as a dashed line. */
import { esc } from "./svg.ts";

/** What the chart needs of a comparison (the API's view fits). */
export interface ComparisonChartInput {
  readonly runs: readonly { strategy: string; kpis: { makespanHours: number } | null }[];
  readonly lowerBoundHours: number | null;
  readonly best: string | null;
}

/** Horizontal bars, one `rect.run` per run with a makespan, in run order. */
export function comparisonBarsSvg(c: ComparisonChartInput, width = 900): string {
  const runs = c.runs.filter((r) => r.kpis);
  const left = 130, right = 90, barH = 22, gap = 8, top = 8;
  const max = Math.max(1e-9, ...runs.map((r) => r.kpis!.makespanHours), c.lowerBoundHours ?? 0);
  const scale = (width - left - right) / max;
  const height = top + runs.length * (barH + gap) + 24;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-label="Makespan per strategy with the lower bound">`,
  ];
  runs.forEach((r, i) => {
    const y = top + i * (barH + gap);
    const w = Number((r.kpis!.makespanHours * scale).toFixed(2));
    const best = r.strategy === c.best;
    out.push(
      `<text x="${left - 6}" y="${
        y + barH / 2 + 4
      }" font-size="12" text-anchor="end" fill="#1f2937">${esc(r.strategy)}${
        best ? " ★" : ""
      }</text>`,
      `<rect class="run" data-strategy="${
        esc(r.strategy)
      }" x="${left}" y="${y}" width="${w}" height="${barH}" fill="${
        best ? "#047857" : "#2563eb"
      }"/>`,
      `<text x="${left + w + 4}" y="${y + barH / 2 + 4}" font-size="11" fill="#1f2937">${
        r.kpis!.makespanHours.toFixed(2)
      } h</text>`,
    );
  });
  if (c.lowerBoundHours !== null) {
    const x = Number((left + c.lowerBoundHours * scale).toFixed(2));
    out.push(
      `<line class="bound" x1="${x}" y1="${top - 4}" x2="${x}" y2="${
        height - 18
      }" stroke="#b91c1c" stroke-width="2" stroke-dasharray="6 4"/>`,
      `<text x="${x}" y="${
        height - 4
      }" font-size="11" text-anchor="middle" fill="#b91c1c">lower bound ${
        c.lowerBoundHours.toFixed(2)
      } h</text>`,
    );
  }
  out.push("</svg>");
  return out.join("\n");
}
