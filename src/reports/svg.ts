/** SVG pieces of the reports: the Gantt and the window-use bars. Pure text building, no I/O. */
import type { Activity, BlockSummary, Downtime, LotDue } from "../engine/core.ts";
import { ganttRowLabels, ganttRowOf, KIND_COLORS, typeColors } from "./palette.ts";

/** Escapes text for HTML and SVG (content and attribute values). */
export function esc(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

const n = (x: number) => Number(x.toFixed(2));

/** Geometry of the report Gantt: where an hour and a row are drawn. */
export interface GanttGeometry {
  readonly width: number;
  readonly left: number;
  readonly top: number;
  readonly rowH: number;
  readonly pxPerHour: number;
  readonly rows: readonly string[];
}

/** The geometry for `activities` drawn `width` units wide. */
export function ganttGeometry(activities: readonly Activity[], width = 1000): GanttGeometry {
  const left = 110, top = 24, rowH = 22;
  const total = activities.length ? activities[activities.length - 1]!.endH : 1;
  return {
    width,
    left,
    top,
    rowH,
    pxPerHour: (width - left - 6) / Math.max(total, 1e-9),
    rows: ganttRowLabels(activities),
  };
}

/**
 * The Gantt as SVG: one `rect.act` per activity in activity order, block lines, an axis; the
 * line's downtimes as hatched `rect.downtime` bands over every row, late lots outlined in red.
 */
export function ganttSvg(
  activities: readonly Activity[],
  opts: {
    startMs: number;
    timeZone: string;
    width?: number;
    downtimes?: readonly Downtime[];
    due?: readonly LotDue[];
  },
): string {
  const g = ganttGeometry(activities, opts.width);
  const rowIndex = new Map(g.rows.map((r, i) => [r, i]));
  const colors = typeColors(g.rows.slice(2));
  const height = g.top + g.rows.length * g.rowH + 4;
  const total = activities.length ? activities[activities.length - 1]!.endH : 0;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="gantt" viewBox="0 0 ${g.width} ${height}" role="img" aria-label="Gantt chart of ${activities.length} activities">`,
  ];
  g.rows.forEach((r, i) => {
    const y = g.top + i * g.rowH;
    out.push(
      `<rect x="0" y="${y}" width="${g.width}" height="${g.rowH}" fill="${
        i % 2 ? "#f3f4f6" : "#ffffff"
      }"/>`,
      `<text x="4" y="${y + g.rowH / 2 + 4}" font-size="11" fill="#1f2937">${
        esc(r === "CHANGEOVER" ? "Changeover" : r)
      }</text>`,
    );
  });
  for (const t of axisTicks(total, (g.width - g.left) / 90)) {
    const x = n(g.left + t * g.pxPerHour);
    out.push(
      `<line x1="${x}" y1="${g.top - 4}" x2="${x}" y2="${height - 4}" stroke="#e5e7eb"/>`,
      `<text x="${x + 2}" y="${g.top - 8}" font-size="9" fill="#374151">${
        esc(tickLabel(opts.startMs, t, opts.timeZone))
      }</text>`,
    );
  }
  out.push(
    `<defs><pattern id="downtime-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fde68a"/><line x1="0" y1="0" x2="0" y2="6" stroke="#b45309" stroke-width="2"/></pattern></defs>`,
  );
  for (const d of opts.downtimes ?? []) {
    const from = Math.max(0, d.startH), to = Math.min(total, d.endH);
    if (to <= from) continue;
    out.push(
      `<rect class="downtime" x="${n(g.left + from * g.pxPerHour)}" y="${g.top}" width="${
        n(Math.max(1, (to - from) * g.pxPerHour))
      }" height="${g.rows.length * g.rowH}" fill="url(#downtime-hatch)" opacity="0.7"><title>${
        esc(`unavailable ${(d.endH - d.startH).toFixed(2)} h${d.reason ? `: ${d.reason}` : ""}`)
      }</title></rect>`,
    );
  }
  const late = new Map((opts.due ?? []).filter((d) => d.tardinessH > 0).map((d) => [d.lotId, d]));
  const titled = activities.length <= 3000;
  for (const a of activities) {
    const row = ganttRowOf(a, rowIndex);
    const fill = a.kind === "FILL" ? colors.get(a.lotType ?? "")! : KIND_COLORS[a.kind];
    const x = n(g.left + a.startH * g.pxPerHour);
    const w = n(Math.max(0.3, (a.endH - a.startH) * g.pxPerHour));
    const y = g.top + row * g.rowH + 3;
    const tardy = a.lotId !== null ? late.get(a.lotId) : undefined;
    const title = titled
      ? `<title>${
        esc(
          `${a.kind}${a.lotId ? ` ${a.lotId} (${a.lotType})` : ""}: ${a.hours.toFixed(2)} h` +
            (tardy ? `, late by ${tardy.tardinessH.toFixed(2)} h` : ""),
        )
      }</title>`
      : "";
    out.push(
      `<rect class="act${
        tardy ? " late" : ""
      }" data-kind="${a.kind}" x="${x}" y="${y}" width="${w}" height="${
        g.rowH - 6
      }" fill="${fill}"${tardy ? ` stroke="#dc2626" stroke-width="2"` : ""}>${title}</rect>`,
    );
    if (a.kind === "CLEAN") {
      out.push(
        `<line class="block" x1="${x}" y1="${g.top}" x2="${x}" y2="${
          height - 4
        }" stroke="#6b7280" stroke-dasharray="3 3"/>`,
      );
    }
    if (a.lotId && w > 46) {
      out.push(
        `<text x="${n(x + 2)}" y="${y + g.rowH / 2}" font-size="9" fill="#ffffff">${
          esc(a.lotId)
        }</text>`,
      );
    }
  }
  out.push("</svg>");
  return out.join("\n");
}

/** Window use per block as bars against the window (100 %). */
export function windowUseSvg(blocks: readonly BlockSummary[], width = 1000): string {
  const h = 130, left = 40, top = 10, plotH = h - top - 20;
  const bw = (width - left - 4) / Math.max(1, blocks.length);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="window-use" viewBox="0 0 ${width} ${h}" role="img" aria-label="Window use per block">`,
    `<text x="2" y="${top + 4}" font-size="9">100%</text><text x="10" y="${
      top + plotH
    }" font-size="9">0%</text>`,
    `<line x1="${left}" y1="${top}" x2="${width}" y2="${top}" stroke="#dc2626"/>`,
  ];
  blocks.forEach((b, i) => {
    const bh = n(plotH * Math.min(1, b.windowUse));
    const x = n(left + i * bw);
    out.push(
      `<rect class="use" x="${x}" y="${n(top + plotH - bh)}" width="${
        n(Math.max(0.5, bw - 1))
      }" height="${bh}" fill="${b.windowUse > 0.9 ? "#059669" : "#2563eb"}"><title>block ${
        b.index + 1
      }: ${(b.windowUse * 100).toFixed(1)}% (${b.usedHours.toFixed(2)} h)</title></rect>`,
    );
    if (blocks.length <= 40) {
      out.push(
        `<text x="${n(x + bw / 2)}" y="${h - 6}" font-size="9" text-anchor="middle">${
          b.index + 1
        }</text>`,
      );
    }
  });
  out.push("</svg>");
  return out.join("\n");
}

function axisTicks(total: number, maxTicks: number): number[] {
  const steps = [1, 2, 4, 6, 12, 24, 48, 96, 168, 336, 720, 1440, 2880, 8760];
  const step = steps.find((s) => total / s <= maxTicks) ?? 17520;
  const out: number[] = [];
  for (let t = 0; t <= total; t += step) out.push(t);
  return out;
}

function tickLabel(startMs: number, h: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(startMs + h * 3_600_000));
}
