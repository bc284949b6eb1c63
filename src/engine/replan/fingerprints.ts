/**
 * Fingerprints that make a stored plan traceable: hashes of its input lots and effective config,
 * and the engine version that planned it. The same lots and config always hash the same, whatever
 * the key order they were written in.
 */
import type { Lot } from "../model.ts";
import type { SchedulerConfig } from "../config.ts";

/**
 * The engine's version. Raise it whenever the same lots and config could give another plan, so a
 * signed-off plan names the engine that made it.
 */
export const ENGINE_VERSION = "1.1.0";

export interface Fingerprints {
  /** SHA-256 (hex) of the lots in input order (ID, type, vials, and due date and priority when given). */
  readonly inputHash: string;
  /** SHA-256 (hex) of the effective config, keys sorted. */
  readonly configHash: string;
  readonly engineVersion: string;
}

/** JSON with object keys sorted at every level (arrays keep their order). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_k, v) =>
      v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(
          Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
        : v,
  );
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The fingerprints of a run of `lots` under `config`. */
export async function fingerprints(
  lots: readonly Lot[],
  config: SchedulerConfig,
): Promise<Fingerprints> {
  return {
    // Due dates and priorities join a lot's entry only when given, so older hashes stay the same.
    inputHash: await sha256(
      canonicalJson(
        lots.map((l) =>
          l.dueMs === undefined && l.priority === undefined
            ? [l.id, l.type, l.vials]
            : [l.id, l.type, l.vials, l.dueMs ?? null, l.priority ?? null]
        ),
      ),
    ),
    configHash: await sha256(canonicalJson(config)),
    engineVersion: ENGINE_VERSION,
  };
}
