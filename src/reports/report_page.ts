/** The frame of every HTML report: inline CSS (A4 landscape print), a title, sections. */
import { esc } from "./svg.ts";

const CSS = `
@page { size: A4 landscape; margin: 12mm; }
body { font-family: system-ui, "Segoe UI", Roboto, sans-serif; color: #1f2937; margin: 0 auto; max-width: 1100px; padding: 16px; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 15px; margin: 18px 0 6px; }
.muted { color: #4b5563; font-size: 12px; }
.kpis { display: grid; grid-template-columns: repeat(5, 1fr); gap: 6px; }
.kpi { border: 1px solid #d1d5db; border-radius: 4px; padding: 6px 8px; }
.kpi b { display: block; font-size: 16px; } .kpi span { font-size: 11px; color: #4b5563; }
.badge { display: inline-block; padding: 2px 8px; border-radius: 4px; font-size: 12px; font-weight: 600; }
.opt { background: #065f46; color: #fff; } .gap { background: #fef3c7; color: #78350f; }
table { border-collapse: collapse; width: 100%; font-size: 11px; }
th, td { border-bottom: 1px solid #e5e7eb; padding: 3px 6px; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.best td { background: #ecfdf5; font-weight: 600; }
svg { width: 100%; height: auto; }
section { break-inside: avoid; }
.page { break-before: page; }
ul.issues li.error { color: #b91c1c; } ul.issues li.warning { color: #92400e; }
`;

/** A complete HTML document: no scripts, no external resources. */
export function reportPage(title: string, subtitle: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>${CSS}</style></head>
<body>
<header><h1>${esc(title)}</h1><p class="muted">${esc(subtitle)}</p></header>
${body}
</body></html>
`;
}

/** KPI cards as a grid of label/value pairs. */
export function kpiGrid(items: readonly [string, string][]): string {
  return `<div class="kpis">${
    items.map(([k, v]) => `<div class="kpi"><span>${esc(k)}</span><b>${esc(v)}</b></div>`).join("")
  }</div>`;
}

export const h = (x: number | null | undefined, d = 2) =>
  x === null || x === undefined ? "–" : `${x.toFixed(d)} h`;
export const p = (x: number | null | undefined, d = 1) =>
  x === null || x === undefined ? "–" : `${x.toFixed(d)} %`;
