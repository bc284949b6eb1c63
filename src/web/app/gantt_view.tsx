/** The Gantt canvas with its controls, legend and tooltip; keyboard and pointer zoom and pan. */
import { type ReactNode, useEffect, useRef, useState } from "react";
import { Gantt, type GanttActivity, type GanttMarks } from "./gantt.ts";
import { KIND_COLORS } from "../../reports/palette.ts";
import { hours, instant } from "./format.ts";

export function GanttView(
  { activities, startMs, zone, cleanReasons, marks }: {
    activities: readonly (GanttActivity & { start: string; end: string; note: string })[];
    startMs: number;
    zone: string;
    /** Why each CLEAN is there (index = the block it opens), shown on hover. */
    cleanReasons?: readonly string[] | undefined;
    /** The line's downtimes (hatched) and the late lots (outlined in red). */
    marks?: GanttMarks | undefined;
  },
) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [gantt, setGantt] = useState<Gantt | null>(null);
  const [tip, setTip] = useState<{ x: number; y: number; a: (typeof activities)[number] } | null>(
    null,
  );
  const [downtimeTip, setDowntimeTip] = useState<
    { x: number; y: number; d: { startH: number; endH: number; reason: string } } | null
  >(null);
  useEffect(() => {
    const g = new Gantt(canvas.current!, activities, startMs, zone, marks);
    g.draw();
    setGantt(g);
    const ro = new ResizeObserver(() => g.schedule());
    ro.observe(canvas.current!);
    return () => ro.disconnect();
  }, [activities, startMs, zone, marks]);
  useEffect(() => {
    const c = canvas.current;
    if (!c || !gantt) return;
    // Non-passive so the page does not scroll while zooming the chart.
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      if (Math.abs(e.deltaX) > Math.abs(e.deltaY)) gantt.panPx(-e.deltaX);
      else gantt.zoom(Math.exp(-e.deltaY * 0.0015), e.offsetX);
    };
    c.addEventListener("wheel", onWheel, { passive: false });
    return () => c.removeEventListener("wheel", onWheel);
  }, [gantt]);
  const drag = useRef<number | null>(null);
  return (
    <div className="gantt">
      <div className="gantt-tools" role="toolbar" aria-label="Gantt zoom and pan">
        <button type="button" onClick={() => gantt?.zoom(2)}>Zoom in</button>
        <button type="button" onClick={() => gantt?.zoom(0.5)}>Zoom out</button>
        <button type="button" onClick={() => gantt?.pan(-0.5)}>◀ Earlier</button>
        <button type="button" onClick={() => gantt?.pan(0.5)}>Later ▶</button>
        <button type="button" onClick={() => gantt?.fit()}>Fit all</button>
        <ul className="legend" aria-label="Legend">
          <li>
            <i style={{ background: KIND_COLORS.CLEAN }} />CLEAN
          </li>
          <li>
            <i style={{ background: KIND_COLORS.CHANGEOVER }} />Changeover
          </li>
          {gantt && [...gantt.colors].map(([t, c]) => (
            <li key={t}>
              <i style={{ background: c }} />Fill {t}
            </li>
          ))}
          <li>
            <i className="dash" />Block boundary
          </li>
          {marks?.downtimes?.length
            ? (
              <li>
                <i className="downtime" />Unavailable
              </li>
            )
            : null}
          {marks?.late?.size
            ? (
              <li>
                <i className="late" />Late lot
              </li>
            )
            : null}
        </ul>
      </div>
      <div className="gantt-canvas">
        <canvas
          ref={canvas}
          tabIndex={0}
          role="img"
          aria-label={`Gantt chart of ${activities.length} activities; arrow keys pan, + and − zoom, 0 fits`}
          onKeyDown={(e) => {
            if (!gantt) return;
            const k = e.key;
            if (k === "ArrowLeft") gantt.pan(-0.2);
            else if (k === "ArrowRight") gantt.pan(0.2);
            else if (k === "+" || k === "=") gantt.zoom(1.5);
            else if (k === "-" || k === "_") gantt.zoom(1 / 1.5);
            else if (k === "0") gantt.fit();
            else return;
            e.preventDefault();
          }}
          onPointerDown={(e) => {
            drag.current = e.clientX;
            e.currentTarget.setPointerCapture(e.pointerId);
          }}
          onPointerUp={() => (drag.current = null)}
          onPointerMove={(e) => {
            if (!gantt) return;
            if (drag.current !== null) {
              gantt.panPx(e.clientX - drag.current);
              drag.current = e.clientX;
              setTip(null);
              return;
            }
            const r = e.currentTarget.getBoundingClientRect();
            const a = gantt.hit(e.clientX - r.left, e.clientY - r.top);
            const d = a ? null : gantt.downtimeAt(e.clientX - r.left);
            setDowntimeTip(d ? { x: e.clientX - r.left, y: e.clientY - r.top, d } : null);
            setTip(
              a
                ? {
                  x: e.clientX - r.left,
                  y: e.clientY - r.top,
                  a: a as (typeof activities)[number],
                }
                : null,
            );
          }}
          onPointerLeave={() => (setTip(null), setDowntimeTip(null))}
        />
        {downtimeTip && (
          <Tip at={downtimeTip} width={canvas.current?.clientWidth}>
            <strong>Unavailable</strong>
            {downtimeTip.d.reason && <>· {downtimeTip.d.reason}</>}
            <br />
            {hours(downtimeTip.d.endH - downtimeTip.d.startH)}
          </Tip>
        )}
        {tip && (
          <Tip at={tip} width={canvas.current?.clientWidth}>
            <strong>{tip.a.kind}</strong>
            {tip.a.lotId && <>· lot {tip.a.lotId} ({tip.a.lotType})</>}
            <br />
            {instant(tip.a.start, zone)} → {instant(tip.a.end, zone)}
            <br />
            {hours(tip.a.endH - tip.a.startH)} · block {tip.a.block + 1}
            {tip.a.lotId && marks?.late?.has(tip.a.lotId) && (
              <>
                <br />
                <span className="error">late by {hours(marks.late.get(tip.a.lotId)!)}</span>
              </>
            )}
            {tip.a.note && (
              <>
                <br />
                {tip.a.note}
              </>
            )}
            {tip.a.kind === "CLEAN" && cleanReasons?.[tip.a.block] && (
              <>
                <br />
                <span data-why="clean-tip">{cleanReasons[tip.a.block]}</span>
              </>
            )}
          </Tip>
        )}
      </div>
    </div>
  );
}

/** A tooltip beside the pointer, kept inside the chart's width. */
function Tip(
  { at, width, children }: {
    at: { x: number; y: number };
    width: number | undefined;
    children: ReactNode;
  },
) {
  return (
    <div
      className="tooltip"
      role="tooltip"
      style={{ left: Math.min(at.x + 12, (width ?? 600) - 230), top: at.y + 14 }}
    >
      {children}
    </div>
  );
}

/** Per-block window use (used hours against the window) as a bar each, on a canvas. */
export function WindowUse(
  { blocks, windowHours }: {
    blocks: readonly {
      index: number;
      usedHours: number;
      windowUse: number;
      lotIds: readonly string[];
    }[];
    windowHours: number;
  },
) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current!;
    const w = Math.max(320, c.clientWidth || 600), h = 120;
    const dpr = globalThis.devicePixelRatio || 1;
    c.width = w * dpr;
    c.height = h * dpr;
    c.style.height = `${h}px`;
    const g = c.getContext("2d")!;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.fillStyle = "#fff";
    g.fillRect(0, 0, w, h);
    const n = blocks.length, L = 40, bw = (w - L - 4) / Math.max(1, n);
    g.fillStyle = "#374151";
    g.font = "10px system-ui, sans-serif";
    g.fillText("100%", 4, 14);
    g.fillText("0%", 14, h - 4);
    g.strokeStyle = "#dc2626";
    g.beginPath();
    g.moveTo(L, 10.5);
    g.lineTo(w, 10.5);
    g.stroke();
    blocks.forEach((b, i) => {
      const bh = (h - 20) * Math.min(1, b.windowUse);
      g.fillStyle = "#e5e7eb";
      g.fillRect(L + i * bw, 10, Math.max(1, bw - 1), h - 20);
      g.fillStyle = b.windowUse > 0.9 ? "#059669" : "#2563eb";
      g.fillRect(L + i * bw, h - 10 - bh, Math.max(1, bw - 1), bh);
    });
  }, [blocks, windowHours]);
  const avg = blocks.reduce((s, b) => s + b.windowUse, 0) / Math.max(1, blocks.length);
  return (
    <figure className="window-use">
      <canvas
        ref={ref}
        role="img"
        aria-label={`Window use of ${blocks.length} blocks, average ${
          (avg * 100).toFixed(1)
        } % of ${windowHours} h`}
      />
      <figcaption>
        Window use per block (used fill + changeover hours against the {windowHours}{" "}
        h window); average {(avg * 100).toFixed(1)} %.
      </figcaption>
    </figure>
  );
}
