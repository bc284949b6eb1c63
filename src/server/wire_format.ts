/**
 * The API's transformer: superjson's format, made cheap for the large plain answers (a schedule's
 * activities, KPIs and plan are hundreds of kB of strings and numbers). superjson walks every value
 * to record its special types, which took a good part of a second on such answers; a value that
 * holds none (no Date, Map, Set, bigint, NaN, ±Infinity, -0, undefined in an array, class
 * instance) needs no record, and `{ json: value }` is what superjson itself would send. Anything
 * else goes through superjson. Clients read both with superjson as before.
 */
import superjson from "superjson";
import { RawJson } from "./raw_json.ts";

/** True if JSON carries `v` as it is. An object's undefined property is dropped, as JSON does. */
function plainJson(v: unknown): boolean {
  switch (typeof v) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(v) && !Object.is(v, -0);
    case "object": {
      if (v === null) return true;
      if (Array.isArray(v)) {
        for (const x of v) if (x === undefined || !plainJson(x)) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const x of Object.values(v)) if (x !== undefined && !plainJson(x)) return false;
      return true;
    }
    default:
      return false;
  }
}

/** tRPC's data transformer: inputs are read by superjson, answers written as above. */
export const wireFormat = {
  serialize(v: unknown): unknown {
    // Kept JSON text is written as it is by the transports (raw_json.ts).
    if (v instanceof RawJson) return { json: v };
    return plainJson(v) ? { json: v } : superjson.serialize(v);
  },
  deserialize<T>(v: unknown): T {
    return superjson.deserialize<T>(v as Parameters<typeof superjson.deserialize>[0]);
  },
};
