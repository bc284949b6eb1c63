/** Instants: reading start times (ISO 8601 or naive local time in an IANA zone) and printing them with an offset. */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const DAY_MS = 86_400_000;
/** `zone|UTC day` → the zone's offset all that day, or null when it changes within the day. */
const dayOffsets = new Map<string, number | null>();

/**
 * Offset of `timeZone` from UTC at instant `ms`, in minutes (east positive).
 * Intl is slow (tens of µs a call) and exports print thousands of instants, so a whole UTC day
 * is cached when its first and last second share an offset (zones change at most once a day).
 */
export function zoneOffsetMinutes(ms: number, timeZone: string): number {
  if (timeZone === "UTC") return 0;
  const day = Math.floor(ms / DAY_MS);
  const key = `${timeZone}|${day}`;
  let whole = dayOffsets.get(key);
  if (whole === undefined) {
    const first = exactOffsetMinutes(day * DAY_MS, timeZone);
    whole = first === exactOffsetMinutes((day + 1) * DAY_MS - 1000, timeZone) ? first : null;
    if (dayOffsets.size >= 50_000) dayOffsets.clear();
    dayOffsets.set(key, whole);
  }
  return whole ?? exactOffsetMinutes(ms, timeZone);
}

function exactOffsetMinutes(ms: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const wall = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  );
  const whole = Math.floor(ms / 1000) * 1000;
  return Math.round((wall - whole) / 60_000);
}

const NAIVE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const WITH_OFFSET =
  /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** A start time that cannot be read; `field` is always "startTime". */
export class StartTimeError extends SyntaxError {
  readonly field = "startTime";
  constructor(message: string) {
    super(message);
    this.name = "StartTimeError";
  }
}

/**
 * Reads an ISO 8601 instant with offset, or a naive `YYYY-MM-DD HH:MM[:SS]` (or a date alone,
 * meaning midnight) in `timeZone`. Returns epoch milliseconds.
 */
export function parseStartTime(text: string, timeZone: string): number {
  const s = text.trim();
  if (WITH_OFFSET.test(s)) {
    const ms = Date.parse(s.replace(" ", "T"));
    if (!Number.isNaN(ms)) return ms;
  }
  const m = NAIVE.exec(s) ?? DATE_ONLY.exec(s);
  if (!m) {
    throw new StartTimeError(
      `startTime must be ISO 8601 (e.g. 2026-01-05T06:00:00Z) or "YYYY-MM-DD HH:MM", got ${
        JSON.stringify(text)
      }`,
    );
  }
  const [y, mo, d, h = "0", mi = "0", sec = "0", frac = "0"] = m.slice(1).map((x) => x ?? "0");
  const fields = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec)];
  const wall = Date.UTC(fields[0]!, fields[1]!, fields[2]!, fields[3]!, fields[4]!, fields[5]!) +
    Number(frac.padEnd(3, "0"));
  const check = new Date(wall);
  if (
    check.getUTCMonth() !== fields[1] || check.getUTCDate() !== fields[2] || fields[3]! > 23 ||
    fields[4]! > 59 || fields[5]! > 59
  ) {
    throw new StartTimeError(`startTime must be a real date and time, got ${JSON.stringify(text)}`);
  }
  // Two passes settle the offset around DST changes.
  let ms = wall - zoneOffsetMinutes(wall, timeZone) * 60_000;
  ms = wall - zoneOffsetMinutes(ms, timeZone) * 60_000;
  return ms;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, "0");
}

/** ISO 8601 with milliseconds and the zone's offset, e.g. `2026-01-05T07:00:00.000+01:00`. */
export function formatInstant(ms: number, timeZone = "UTC"): string {
  const whole = Math.round(ms);
  const off = zoneOffsetMinutes(whole, timeZone);
  const local = new Date(whole + off * 60_000);
  const sign = off >= 0 ? "+" : "-";
  const abs = Math.abs(off);
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${
    pad(local.getUTCHours())
  }:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}.${
    pad(local.getUTCMilliseconds(), 3)
  }${
    off === 0 && timeZone === "UTC" ? "Z" : `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  }`;
}

/** The instant `hours` after `startMs`, as epoch milliseconds (rounded to the millisecond). */
export function addHours(startMs: number, hours: number): number {
  return Math.round(startMs + hours * 3_600_000);
}
