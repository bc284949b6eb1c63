/** Small random instances where many lots are over half a block (for the large-lots bounds). */
import type { LineConfig, Lot } from "../../src/engine/model.ts";

/**
 * Seeded lots of 15–95 % of the window (some exactly half of a block's room), 1–3 types. With
 * `mixed`: 2–3 types, a CLEAN dearer than a changeover and a setup, lots long or short, so
 * short lots of one type must choose between their own blocks and others' rooms.
 */
export function largeInstance(
  seed: number,
  n: number,
  mixed = false,
): { lots: Lot[]; config: LineConfig } {
  let a = seed >>> 0;
  const rnd = () => {
    a = (Math.imul(a, 1_103_515_245) + 12_345) >>> 0;
    return a / 4_294_967_296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const chgSameHours = int(0, 3);
  const chgDiffHours = chgSameHours + int(mixed ? 1 : 0, 5);
  const config: LineConfig = {
    fillRateVph: [1, 3][int(0, 1)]!,
    cleanHours: mixed ? chgDiffHours + int(0, 20) : int(1, 30),
    windowHours: 2 * int(10, 30),
    chgSameHours,
    chgDiffHours,
  };
  const types = mixed ? int(2, 3) : int(1, 3);
  const half = (config.windowHours - chgSameHours) / 2;
  const lots = Array.from({ length: n }, (_, i) => {
    const share = mixed
      ? (rnd() < 0.5 ? 0.55 + 0.4 * rnd() : 0.05 + 0.35 * rnd())
      : rnd() < 0.2
      ? half / config.windowHours
      : 0.15 + 0.8 * rnd();
    const hours = config.windowHours * share;
    return {
      id: `L${i + 1}`,
      type: `T${int(1, types)}`,
      vials: Math.max(1, Math.round(hours * config.fillRateVph)),
    };
  });
  return { lots, config };
}

/**
 * Seeded lots of two types where one type's short lots fit the other's rooms: A's lots are
 * just over half a block (rooms of a third or more), B's mostly short, so B fills A's rooms
 * at a setup each or takes blocks of its own.
 */
export function hostingInstance(seed: number, n: number): { lots: Lot[]; config: LineConfig } {
  let a = (seed * 2_654_435_761) >>> 0;
  const rnd = () => {
    a = (Math.imul(a, 1_103_515_245) + 12_345) >>> 0;
    return a / 4_294_967_296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const chgSameHours = int(0, 2);
  const chgDiffHours = chgSameHours + int(1, 5);
  const config: LineConfig = {
    fillRateVph: [1, 3][int(0, 1)]!,
    cleanHours: chgDiffHours + int(1, 20),
    windowHours: 2 * int(10, 30),
    chgSameHours,
    chgDiffHours,
  };
  const lots = Array.from({ length: n }, (_, i) => {
    const typeA = rnd() < 0.45;
    const share = typeA
      ? 0.52 + 0.13 * rnd()
      : rnd() < 0.2
      ? 0.55 + 0.3 * rnd()
      : 0.1 + 0.3 * rnd();
    return {
      id: `L${i + 1}`,
      type: typeA ? "A" : "B",
      vials: Math.max(1, Math.round(config.windowHours * share * config.fillRateVph)),
    };
  });
  return { lots, config };
}
