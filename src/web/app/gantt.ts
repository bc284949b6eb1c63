/**
 * The schedule's Gantt on a canvas: one row for CLEANs, one for changeovers, one per lot type;
 * a time axis in the schedule's zone; block boundaries; zoom and pan. Only what is in view is
 * drawn (binary search per row), and bars thinner than a pixel merge, so 25,000 activities
 * draw in milliseconds at any zoom.
 */
import { ganttRowLabels, ganttRowOf, KIND_COLORS, typeColors } from "../../reports/palette.ts";

export interface GanttActivity {
  readonly kind: "CLEAN" | "CHANGEOVER" | "FILL";
  readonly startH: number;
  readonly endH: number;
  readonly lotId: string | null;
  readonly lotType: string | null;
  readonly block: number;
}

/** What the Gantt marks besides activities: the line's downtimes and the lots that are late. */
export interface GanttMarks {
  readonly downtimes?: readonly { startH: number; endH: number; reason: string }[];
  /** Hours late per late lot. */
  readonly late?: ReadonlyMap<string, number>;
}

/** Geometry of the drawing, published on the canvas (`data-layout`) for tools and tests. */
export interface GanttLayout {
  readonly startH: number;
  readonly endH: number;
  readonly left: number;
  readonly width: number;
  readonly top: number;
  readonly rowH: number;
  readonly rows: readonly string[];
  /** Downtime bands and late-lot outlines drawn in the last view. */
  readonly downtimesDrawn?: number;
  readonly lateDrawn?: number;
}

const LEFT = 110, TOP = 30, ROW_H = 26, PAD = 4;

export class Gantt {
  readonly rows: string[];
  readonly colors: Map<string, string>;
  #rowsIdx: number[][];
  #starts: Float64Array[];
  #cleanStarts: number[];
  #view = { startH: 0, endH: 1 };
  #width = 800;
  #raf = 0;
  /** Milliseconds the last full draw took. */
  lastDrawMs = 0;

  constructor(
    readonly canvas: HTMLCanvasElement,
    readonly acts: readonly GanttActivity[],
    readonly startMs: number,
    readonly zone: string,
    readonly marks: GanttMarks = {},
  ) {
    this.rows = ganttRowLabels(acts);
    this.colors = typeColors(this.rows.slice(2));
    const rowIndex = new Map(this.rows.map((r, i) => [r, i]));
    this.#rowsIdx = this.rows.map(() => []);
    this.#cleanStarts = [];
    acts.forEach((a, i) => {
      this.#rowsIdx[ganttRowOf(a, rowIndex)]!.push(i);
      if (a.kind === "CLEAN") this.#cleanStarts.push(a.startH);
    });
    this.#starts = this.#rowsIdx.map((idx) => Float64Array.from(idx, (i) => acts[i]!.startH));
    this.fit();
  }

  get height(): number {
    return TOP + this.rows.length * ROW_H + 8;
  }

  get view(): { startH: number; endH: number } {
    return { ...this.#view };
  }

  get totalH(): number {
    return this.acts.length ? this.acts[this.acts.length - 1]!.endH : 1;
  }

  layout(): GanttLayout {
    return {
      ...this.#view,
      left: LEFT,
      width: this.#width - LEFT - PAD,
      top: TOP,
      rowH: ROW_H,
      rows: this.rows,
    };
  }

  fit(): void {
    this.setView(0, this.totalH);
  }

  /** Shows `[startH, endH]`, clamped to the schedule (at least 0.1 h wide). */
  setView(startH: number, endH: number): void {
    const total = this.totalH;
    let span = Math.min(Math.max(endH - startH, 0.1), total);
    let s = Math.max(0, Math.min(startH, total - span));
    if (!Number.isFinite(s)) s = 0;
    if (!Number.isFinite(span) || span <= 0) span = 1;
    this.#view = { startH: s, endH: s + span };
    this.schedule();
  }

  /** Zooms by `factor` (> 1 zooms in) keeping the hour under `atX` (canvas px) in place. */
  zoom(factor: number, atX?: number): void {
    const { startH, endH } = this.#view;
    const w = this.#width - LEFT - PAD;
    const frac = atX === undefined ? 0.5 : Math.min(1, Math.max(0, (atX - LEFT) / w));
    const anchor = startH + frac * (endH - startH);
    const span = (endH - startH) / factor;
    this.setView(anchor - frac * span, anchor - frac * span + span);
  }

  /** Pans by a fraction of the visible span (negative: back in time). */
  pan(fraction: number): void {
    const { startH, endH } = this.#view;
    const d = (endH - startH) * fraction;
    this.setView(startH + d, endH + d);
  }

  /** Pans by canvas pixels. */
  panPx(dx: number): void {
    this.pan(-dx / (this.#width - LEFT - PAD));
  }

  /** The activity under a canvas point, if any. */
  hit(x: number, y: number): GanttActivity | null {
    const row = Math.floor((y - TOP) / ROW_H);
    if (row < 0 || row >= this.rows.length || x < LEFT) return null;
    const h = this.#hourAt(x);
    const starts = this.#starts[row]!;
    const k = upperBound(starts, h) - 1;
    if (k < 0) return null;
    const a = this.acts[this.#rowsIdx[row]![k]!]!;
    // Thin bars get a pixel of slack so they can be hovered at all.
    const slack = 1.5 / this.#pxPerHour();
    return h <= a.endH + slack ? a : null;
  }

  #pxPerHour(): number {
    return (this.#width - LEFT - PAD) / (this.#view.endH - this.#view.startH);
  }

  #hourAt(x: number): number {
    return this.#view.startH + (x - LEFT) / this.#pxPerHour();
  }

  /** Draws on the next animation frame (coalescing bursts of wheel and drag events). */
  schedule(): void {
    if (this.#raf) return;
    this.#raf = requestAnimationFrame(() => {
      this.#raf = 0;
      this.draw();
    });
  }

  /** Draws now. */
  draw(): void {
    const t0 = performance.now();
    const c = this.canvas;
    const cssW = Math.max(320, c.clientWidth || c.parentElement?.clientWidth || 800);
    this.#width = cssW;
    const dpr = globalThis.devicePixelRatio || 1;
    const h = this.height;
    if (c.width !== Math.round(cssW * dpr) || c.height !== Math.round(h * dpr)) {
      c.width = Math.round(cssW * dpr);
      c.height = Math.round(h * dpr);
      c.style.height = `${h}px`;
    }
    const g = c.getContext("2d")!;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, cssW, h);
    g.fillStyle = "#ffffff";
    g.fillRect(0, 0, cssW, h);
    const { startH, endH } = this.#view;
    const k = this.#pxPerHour();
    const x = (hh: number) => LEFT + (hh - startH) * k;
    // Row bands and labels.
    g.font = "12px system-ui, sans-serif";
    g.textBaseline = "middle";
    this.rows.forEach((r, i) => {
      const y = TOP + i * ROW_H;
      g.fillStyle = i % 2 ? "#f6f7f9" : "#ffffff";
      g.fillRect(0, y, cssW, ROW_H);
      g.fillStyle = "#1f2937";
      g.fillText(r === "CHANGEOVER" ? "Changeover" : r, 8, y + ROW_H / 2, LEFT - 14);
    });
    this.#axis(g, x, cssW);
    // Bars, clipped to the plot.
    g.save();
    g.beginPath();
    g.rect(LEFT, TOP, cssW - LEFT - PAD, this.rows.length * ROW_H);
    g.clip();
    const downtimesDrawn = this.#downtimes(g, x, startH, endH);
    // Block boundaries: each CLEAN opens a block.
    g.strokeStyle = "#9ca3af";
    g.setLineDash([3, 3]);
    g.beginPath();
    for (let i = lowerBound(this.#cleanStarts, startH); i < this.#cleanStarts.length; i++) {
      const s = this.#cleanStarts[i]!;
      if (s > endH) break;
      const px = Math.round(x(s)) + 0.5;
      g.moveTo(px, TOP);
      g.lineTo(px, TOP + this.rows.length * ROW_H);
    }
    g.stroke();
    g.setLineDash([]);
    let lateDrawn = 0;
    this.rows.forEach((r, row) => {
      const color = r === "CLEAN"
        ? KIND_COLORS.CLEAN
        : r === "CHANGEOVER"
        ? KIND_COLORS.CHANGEOVER
        : this.colors.get(r)!;
      const y = TOP + row * ROW_H + 4, bh = ROW_H - 8;
      const idx = this.#rowsIdx[row]!, starts = this.#starts[row]!;
      let i = Math.max(0, upperBound(starts, startH) - 1);
      let drawnTo = -Infinity;
      g.fillStyle = color;
      const labels: [string, number, number][] = [];
      const late: [number, number][] = [];
      for (; i < idx.length; i++) {
        const a = this.acts[idx[i]!]!;
        if (a.startH > endH) break;
        if (a.endH < startH) continue;
        const x0 = x(a.startH), x1 = x(a.endH);
        // Sub-pixel bars that fall on a pixel already painted add nothing.
        if (x1 <= drawnTo) continue;
        const from = Math.max(x0, drawnTo);
        const w = Math.max(1, x1 - from);
        g.fillRect(from, y, w, bh);
        drawnTo = from + w;
        if (x1 - x0 > 40 && a.lotId) labels.push([a.lotId, x0, x1]);
        if (a.lotId && this.marks.late?.has(a.lotId)) late.push([x0, Math.max(1, x1 - x0)]);
      }
      if (late.length) {
        g.strokeStyle = "#dc2626";
        g.lineWidth = 2;
        for (const [lx, lw] of late) g.strokeRect(lx + 1, y - 2, lw - 2, bh + 4);
        g.lineWidth = 1;
        lateDrawn += late.length;
      }
      if (labels.length) {
        g.fillStyle = "#ffffff";
        g.font = "11px system-ui, sans-serif";
        for (const [text, x0, x1] of labels) {
          const lx = Math.max(x0, LEFT) + 3;
          g.fillText(text, lx, y + bh / 2, Math.max(0, Math.min(x1, cssW) - lx - 3));
        }
        g.fillStyle = color;
      }
    });
    g.restore();
    this.canvas.dataset.layout = JSON.stringify({ ...this.layout(), downtimesDrawn, lateDrawn });
    this.lastDrawMs = performance.now() - t0;
    // Published for the benchmark (bench:web), which reads it from outside the page.
    this.canvas.dataset.drawMs = this.lastDrawMs.toFixed(2);
  }

  /** The downtimes in view as hatched bands over every row; returns how many were drawn. */
  #downtimes(
    g: CanvasRenderingContext2D,
    x: (h: number) => number,
    startH: number,
    endH: number,
  ): number {
    let drawn = 0;
    const bottom = TOP + this.rows.length * ROW_H;
    for (const d of this.marks.downtimes ?? []) {
      if (d.endH < startH || d.startH > endH) continue;
      const x0 = x(d.startH), w = Math.max(2, x(d.endH) - x0);
      g.fillStyle = "rgba(253, 230, 138, 0.75)";
      g.fillRect(x0, TOP, w, bottom - TOP);
      g.strokeStyle = "rgba(180, 83, 9, 0.6)";
      g.beginPath();
      for (let k = -(bottom - TOP); k < w; k += 8) {
        g.moveTo(x0 + Math.max(0, k), TOP + Math.max(0, -k));
        g.lineTo(x0 + Math.min(w, k + (bottom - TOP)), TOP + Math.min(bottom - TOP, w - k));
      }
      g.stroke();
      drawn++;
    }
    return drawn;
  }

  /** The downtime at hour `h`, if any. */
  downtimeAt(px: number): { startH: number; endH: number; reason: string } | null {
    const h = this.#hourAt(px);
    return this.marks.downtimes?.find((d) => d.startH <= h && h <= d.endH) ?? null;
  }

  #axis(g: CanvasRenderingContext2D, x: (h: number) => number, cssW: number): void {
    const { startH, endH } = this.#view;
    const span = endH - startH;
    const steps = [0.25, 0.5, 1, 2, 4, 6, 12, 24, 48, 96, 168, 336, 720, 1440, 2880, 8760];
    const step = steps.find((s) => (span / s) <= (cssW - LEFT) / 90) ?? 8760 * 2;
    g.fillStyle = "#374151";
    g.strokeStyle = "#e5e7eb";
    g.font = "11px system-ui, sans-serif";
    g.textBaseline = "middle";
    const fmt = new Intl.DateTimeFormat("en-GB", {
      timeZone: this.zone,
      month: "short",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    g.beginPath();
    for (let t = Math.ceil(startH / step) * step; t <= endH; t += step) {
      const px = Math.round(x(t)) + 0.5;
      g.moveTo(px, TOP - 4);
      g.lineTo(px, TOP + this.rows.length * ROW_H);
      g.fillText(fmt.format(new Date(this.startMs + t * 3_600_000)), px + 3, TOP / 2);
    }
    g.stroke();
  }
}

/** First index with `a[i] >= v`. */
export function lowerBound(a: ArrayLike<number>, v: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (a[m]! < v) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/** First index with `a[i] > v`. */
export function upperBound(a: ArrayLike<number>, v: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (a[m]! <= v) lo = m + 1;
    else hi = m;
  }
  return lo;
}
