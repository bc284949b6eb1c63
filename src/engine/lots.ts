/** Checks on a list of lots that hold whatever their source (CSV, JSON, API). */
import type { Issue, LineConfig, Lot } from "./model.ts";
import { fillHours, maxVialsPerLot } from "./rules.ts";

function where(lot: Lot, index: number): string {
  return lot.line !== undefined ? `line ${lot.line}` : `lot #${index + 1}`;
}

/** Every problem of `lots` under `config`: empty input, empty fields, bad vials, duplicates, too long. */
export function validateLots(lots: readonly Lot[], config: LineConfig): Issue[] {
  const issues: Issue[] = [];
  if (lots.length === 0) {
    issues.push({ code: "NO_LOTS", message: "no lots: the input is empty", field: "lots" });
    return issues;
  }
  const firstSeen = new Map<string, string>();
  lots.forEach((lot, i) => {
    const at = where(lot, i);
    const base = lot.line !== undefined ? { line: lot.line } : {};
    if (!lot.id.trim()) {
      issues.push({
        ...base,
        code: "EMPTY_LOT_ID",
        field: "Lot ID",
        message: `${at}: empty Lot ID`,
      });
    }
    if (!lot.type.trim()) {
      issues.push({
        ...base,
        code: "EMPTY_TYPE",
        field: "Type",
        lotId: lot.id,
        message: `${at}: empty Type`,
      });
    }
    if (!Number.isSafeInteger(lot.vials) || lot.vials <= 0) {
      issues.push({
        ...base,
        code: Number.isSafeInteger(lot.vials) ? "VIALS_NOT_POSITIVE" : "VIALS_NOT_WHOLE",
        field: "Vials",
        lotId: lot.id,
        message: `${at}: Vials must be a whole number > 0, got ${JSON.stringify(lot.vials)}`,
      });
    } else if (fillHours(lot, config) > config.windowHours) {
      issues.push({
        ...base,
        code: "LOT_TOO_LONG",
        field: "Vials",
        lotId: lot.id,
        message: `${at}: lot ${lot.id} needs ${fillHours(lot, config).toFixed(2)} h to fill, ` +
          `longer than the ${config.windowHours} h window; at ${config.fillRateVph} vials/h a lot ` +
          `may have at most ${maxVialsPerLot(config)} vials`,
      });
    }
    if (lot.dueMs !== undefined && !Number.isFinite(lot.dueMs)) {
      issues.push({
        ...base,
        code: "INVALID_DUE",
        field: "Due",
        lotId: lot.id,
        message: `${at}: lot ${lot.id}: Due must be an instant, got ${JSON.stringify(lot.dueMs)}`,
      });
    }
    if (lot.priority !== undefined && !(Number.isFinite(lot.priority) && lot.priority > 0)) {
      issues.push({
        ...base,
        code: "INVALID_PRIORITY",
        field: "Priority",
        lotId: lot.id,
        message: `${at}: lot ${lot.id}: Priority must be a number > 0, got ${
          JSON.stringify(lot.priority)
        }`,
      });
    }
    if (lot.id.trim()) {
      const prev = firstSeen.get(lot.id);
      if (prev !== undefined) {
        issues.push({
          ...base,
          code: "DUPLICATE_LOT_ID",
          field: "Lot ID",
          lotId: lot.id,
          message: `${at}: duplicate Lot ID ${lot.id} (first on ${prev})`,
        });
      } else firstSeen.set(lot.id, at);
    }
  });
  return issues;
}
