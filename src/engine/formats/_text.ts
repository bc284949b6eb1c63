/** Small text helpers shared by the export formats. */

/** One CSV field, quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvField(value: string | number | null | undefined): string {
  const s = value === null || value === undefined ? "" : String(value);
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line (no line break). */
export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return values.map(csvField).join(",");
}

/** Hours rounded to `digits` decimals without trailing zeros, e.g. 24, 5.0201. */
export function hoursText(hours: number, digits = 4): string {
  const r = Number(hours.toFixed(digits));
  return String(Object.is(r, -0) ? 0 : r);
}

/** A fixed-decimal number, e.g. `fixed(497.1567, 2)` → "497.16". */
export function fixed(n: number, digits = 2): string {
  const s = n.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}
