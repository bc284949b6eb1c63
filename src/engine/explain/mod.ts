/**
 * Explanations of a schedule a planner can act on: why each CLEAN and changeover, and why the
 * plan cannot be better (the bound's certificate), as records with codes and as sentences.
 */
import type { Schedule } from "../model.ts";
import { type CleanExplanation, explainCleans, type StrategyTraits } from "./why_clean.ts";
import { type ChangeoverExplanation, explainChangeovers } from "./changeovers.ts";
import { type Certificate, certificateOf } from "./certificate.ts";
import type { PriceCertificate } from "./prices.ts";

export type { ChangeoverCode, ChangeoverExplanation } from "./changeovers.ts";
export type {
  CleanCode,
  CleanExplanation,
  LaterFit,
  SlackCode,
  StrategyTraits,
} from "./why_clean.ts";
export type { Certificate, CertificateCode, SlackBlock } from "./certificate.ts";
export { continuousArgument, needsPrices } from "./certificate.ts";
export { formatHours } from "./format.ts";
export { type LotPrice, type PriceCertificate, priceCertificate } from "./prices.ts";
export {
  applyScenario,
  MAX_SCENARIOS,
  standardScenarios,
  whatIf,
  type WhatIfOptions,
  type WhatIfResult,
  type WhatIfScenario,
  whatIfTable,
} from "./what_if.ts";

export interface Explanation {
  readonly cleans: readonly CleanExplanation[];
  readonly changeovers: readonly ChangeoverExplanation[];
  readonly certificate: Certificate;
}

/**
 * Explains `schedule`, planned by a strategy of the given kind; `prices` (priceCertificate of its
 * lots) spell out a column-generation bound.
 */
export function explainSchedule(
  schedule: Schedule,
  kind: StrategyTraits["kind"],
  prices?: PriceCertificate | null,
): Explanation {
  const traits: StrategyTraits = {
    name: schedule.strategy,
    kind,
    stoppedBy: schedule.status === "time_limit"
      ? "time limit"
      : schedule.status === "stopped"
      ? "user"
      : null,
  };
  return {
    cleans: explainCleans(schedule, traits),
    changeovers: explainChangeovers(schedule.activities),
    certificate: certificateOf(schedule, prices),
  };
}

/** The explanation as text: the CLEANs, the changeovers in short, then the certificate. */
export function explanationText(e: Explanation): string {
  const lines = ["Why each CLEAN:", ...e.cleans.map((c) => `  ${c.sentence}`)];
  const switches = e.changeovers.filter((c) => c.code === "CHANGEOVER_TYPE_SWITCH");
  const same = e.changeovers.length - switches.length;
  lines.push(
    "",
    `Changeovers: ${e.changeovers.length} (${switches.length} type switches, ${same} within a type).`,
    ...switches.map((c) => `  ${c.sentence}`),
    "",
    "Why the plan cannot be better:",
    ...e.certificate.steps.map((s) => `  ${s}`),
  );
  return lines.join("\n") + "\n";
}
