/** Builds the MILP a spec names and reads its solutions back as blocks. */
import type { GroupBlocks } from "../packing/mod.ts";
import { type LinearModel, modelValue } from "./linear_model.ts";
import { buildMilpModel, decodeBlocks, objectiveUnit } from "./model.ts";
import { buildPatternModel, decodePatterns } from "./pattern_model.ts";
import type { MilpSpec } from "./worker_protocol.ts";

export interface BuiltSpec {
  readonly model: LinearModel;
  readonly decode: (values: Readonly<Record<string, number>>) => GroupBlocks;
}

export function buildSpec(spec: MilpSpec): BuiltSpec {
  if (spec.kind === "patterns") {
    const opts = spec.cutoffHours !== undefined ? { cutoffHours: spec.cutoffHours } : {};
    return {
      model: buildPatternModel(spec.form, spec.patterns, opts),
      decode: (values) => decodePatterns(spec.patterns, values),
    };
  }
  return {
    model: buildMilpModel(spec.form, spec.options),
    decode: (values) => decodeBlocks(spec.form, spec.options.blocks, values),
  };
}

/** The makespan (hours) of a solver objective value of the spec's model, without building it. */
export function specValue(spec: MilpSpec, z: number): number {
  return modelValue({ constant: spec.form.base, unit: objectiveUnit(spec.form).unit }, z);
}
