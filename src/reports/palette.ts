/** Colours of the Gantt, shared by the web app's canvas and the reports' SVG. */

export const KIND_COLORS = {
  CLEAN: "#5b6472",
  CHANGEOVER: "#d97706",
} as const;

/** Distinct, print-safe fill colours for lot types (cycled when there are more types). */
const TYPE_COLORS = [
  "#2563eb",
  "#059669",
  "#7c3aed",
  "#db2777",
  "#0891b2",
  "#65a30d",
  "#9333ea",
  "#dc2626",
  "#0d9488",
  "#4f46e5",
  "#ca8a04",
  "#be123c",
];

/** Colour of each lot type, in the order given (sorted types give stable colours). */
export function typeColors(types: readonly string[]): Map<string, string> {
  return new Map(types.map((t, i) => [t, TYPE_COLORS[i % TYPE_COLORS.length]!]));
}

/** The Gantt's rows: CLEAN, changeover, then one per lot type (sorted). */
export function ganttRowLabels(
  activities: readonly { kind: string; lotType: string | null }[],
): string[] {
  const types = new Set<string>();
  for (const a of activities) if (a.kind === "FILL" && a.lotType !== null) types.add(a.lotType);
  return ["CLEAN", "CHANGEOVER", ...[...types].sort()];
}

/** Which row of `ganttRowLabels` an activity is drawn in. */
export function ganttRowOf(
  a: { kind: string; lotType: string | null },
  rowIndex: ReadonlyMap<string, number>,
): number {
  if (a.kind === "CLEAN") return 0;
  if (a.kind === "CHANGEOVER") return 1;
  return rowIndex.get(a.lotType ?? "") ?? 1;
}
