/** Display formats: numbers with units, instants in the user's zone with the offset shown. */

export const hours = (h: number | null | undefined, digits = 2): string =>
  h === null || h === undefined ? "–" : `${h.toFixed(digits)} h`;

export const pct = (x: number | null | undefined, digits = 1): string =>
  x === null || x === undefined ? "–" : `${x.toFixed(digits)} %`;

export const count = (n: number | null | undefined): string =>
  n === null || n === undefined ? "–" : n.toLocaleString("en-US");

/** The user's IANA zone (the browser's). */
export const userZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

/** `2026-12-02 14:05 GMT+1`: in the user's zone (or `zone`), offset always shown. */
export function instant(iso: string | null | undefined, zone = userZone()): string {
  if (!iso) return "–";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "shortOffset",
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")} ${
    get("timeZoneName")
  }`;
}

export const duration = (ms: number | null | undefined): string => {
  if (ms === null || ms === undefined) return "–";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
};
