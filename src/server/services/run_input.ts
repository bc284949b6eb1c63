/** A run request → checked lots, effective config (request > template > user default > system) and start. */
import {
  type CanonicalRequest,
  canonicalRequest,
  type ConfigKey,
  type ConfigSource,
  DEFAULT_CONFIG,
  type Issue,
  type Lot,
  mergeConfig,
  mustBe,
  parseLotsCsv,
  parseStartTime,
  type SchedulerConfig,
  StartTimeError,
} from "../../engine/mod.ts";
import type { Db } from "../../db/open.ts";
import { findTemplateConfig } from "../../db/templates.ts";
import { getDefaultTemplateId } from "../../db/users.ts";
import type { ServerConfig } from "../env.ts";
import type { ScheduleCreateInput } from "../routers/_inputs.ts";
import { badRequest, notFound } from "../errors.ts";

/** Lots as given in a request: a list or CSV text. */
export type LotsInput = Pick<ScheduleCreateInput, "lots" | "csv">;

/** The parts of a run request that shape its config (a comparison has no `strategy`). */
export type ConfigInput = Pick<
  ScheduleCreateInput,
  "config" | "templateId" | "strategy" | "startTime"
>;

/** The effective config of a run and where each value came from. */
export interface Effective {
  readonly config: SchedulerConfig;
  readonly sources: Record<ConfigKey, ConfigSource>;
}

/** Merges the user's default template, the chosen template and the request; BAD_REQUEST lists every error. */
export async function effectiveConfig(
  db: Db,
  ownerId: string,
  input: ConfigInput,
): Promise<Effective> {
  const layers: { source: ConfigSource; values: unknown }[] = [];
  const defaultId = await getDefaultTemplateId(db, ownerId);
  if (defaultId) {
    const values = await findTemplateConfig(db, ownerId, defaultId);
    if (values) layers.push({ source: "user", values });
  }
  if (input.templateId) {
    const values = await findTemplateConfig(db, ownerId, input.templateId) ??
      notFound("template", input.templateId);
    layers.push({ source: "template", values });
  }
  const request: Record<string, unknown> = { ...input.config };
  if (input.strategy !== undefined) request.strategy = input.strategy;
  if (input.startTime !== undefined) request.startTime = input.startTime;
  layers.push({ source: "request", values: request });
  const { config, sources, errors } = mergeConfig(layers, DEFAULT_CONFIG);
  if (errors.length) badRequest("invalid configuration", errors);
  return { config, sources };
}

/** Every problem of a config layer alone (fields named), with the config it gives over the defaults. */
export function validateConfigLayer(values: unknown): { config: SchedulerConfig; errors: Issue[] } {
  const merged = mergeConfig([{ source: "request", values }], DEFAULT_CONFIG);
  const request = canonicalRequest(merged.config);
  return { config: request.config, errors: [...merged.errors, ...request.issues] };
}

/** Reads the lots of a request (a list or CSV text, exactly one) and checks the count limit. */
export function readLots(input: LotsInput, config: SchedulerConfig, limits: ServerConfig): Lot[] {
  const { lots: list, csv } = input;
  let lots: Lot[];
  if (csv !== undefined && list === undefined) {
    const parsed = parseLotsCsv(csv, config);
    if (parsed.issues.length) badRequest("invalid lots CSV", parsed.issues);
    lots = parsed.lots;
  } else if (list !== undefined && csv === undefined) {
    lots = lotsOfList(list, config.timeZone);
  } else {
    const given = list === undefined ? "neither" : "both";
    const why = mustBe("lots", "given as a list or as csv, exactly one", given, "LOTS_OR_CSV");
    badRequest("invalid lots", [why]);
  }
  if (lots.length > limits.maxLots) {
    const why = mustBe("lots", `at most ${limits.maxLots} per run`, lots.length, "TOO_MANY_LOTS");
    badRequest("too many lots", [why]);
  }
  return lots;
}

/** Lots given as a list, due instants read in `timeZone`; BAD_REQUEST names each bad one. */
function lotsOfList(list: NonNullable<LotsInput["lots"]>, timeZone: string): Lot[] {
  const issues: Issue[] = [];
  const lots = list.map(({ due, ...rest }, i): Lot => {
    if (due === undefined) return rest;
    try {
      return { ...rest, dueMs: parseStartTime(due, timeZone) };
    } catch (e) {
      if (!(e instanceof StartTimeError)) throw e;
      issues.push({
        code: "INVALID_DUE",
        field: `lots.${i}.due`,
        lotId: rest.id,
        message: `lots.${i}.due (lot ${rest.id}) must be ISO 8601 or "YYYY-MM-DD HH:MM", got ${
          JSON.stringify(due)
        }`,
      });
      return rest;
    }
  });
  if (issues.length) badRequest("invalid lots", issues);
  return lots;
}

/**
 * Checks lots, config, the strategies to run (default: the configured one) and their options;
 * BAD_REQUEST lists every problem. Returns the request in canonical form.
 */
export function checkRun(
  lots: readonly Lot[],
  config: SchedulerConfig,
  strategies?: readonly string[],
): CanonicalRequest {
  const request = canonicalRequest(config, { lots, ...(strategies ? { strategies } : {}) });
  if (request.issues.length) badRequest("invalid input", request.issues);
  return request;
}

/** `readLots` then `checkRun`: the checked lots and the request in canonical form. */
export function readAndCheck(
  input: LotsInput,
  config: SchedulerConfig,
  limits: ServerConfig,
  strategies?: readonly string[],
): { lots: Lot[]; request: CanonicalRequest } {
  const lots = readLots(input, config, limits);
  return { lots, request: checkRun(lots, config, strategies) };
}
