/** Checks that need the registry or a clock: start time, strategy name, strategy options. */
import type { SchedulerConfig } from "../engine/config.ts";
import type { Issue } from "../engine/model.ts";
import { type Registry, resolveOptions } from "../engine/registry.ts";
import { parseStartTime, StartTimeError } from "../engine/time.ts";
import { str } from "./args.ts";
import { type ConfigFlags, loadConfig, type LoadedConfig } from "./load_config.ts";

/**
 * Folds strategy option keys written as aliases into canonical names and checks every value
 * that the schema alone cannot: start time, strategy name, each strategy's options.
 */
export function checkEffectiveConfig(
  config: SchedulerConfig,
  registry: Registry,
): { config: SchedulerConfig; errors: Issue[] } {
  const errors: Issue[] = [];
  if (config.startTime) {
    try {
      parseStartTime(config.startTime, config.timeZone);
    } catch (e) {
      if (!(e instanceof StartTimeError)) throw e;
      errors.push({ field: "startTime", message: e.message });
    }
  }
  if (!registry.has(config.strategy)) {
    errors.push({
      field: "strategy",
      message: `strategy: unknown strategy ${JSON.stringify(config.strategy)}; valid names: ${
        registry.names().join(", ")
      }`,
    });
  }
  const options: Record<string, Record<string, unknown>> = {};
  for (const [name, opts] of Object.entries(config.strategyOptions)) {
    if (!registry.has(name)) {
      errors.push({
        field: `strategyOptions.${name}`,
        message: `strategyOptions.${name}: unknown strategy ${JSON.stringify(name)}; valid names: ${
          registry.names().join(", ")
        }`,
      });
      continue;
    }
    const canonical = registry.resolve(name).name;
    options[canonical] = { ...(options[canonical] ?? {}), ...opts };
  }
  for (const [name, opts] of Object.entries(options)) {
    errors.push(...resolveOptions(registry.resolve(name), opts).errors);
  }
  return { config: { ...config, strategyOptions: options }, errors };
}

/**
 * A command's configuration: the layers (the `--config` file, FILLSCHED_* variables, the flags)
 * merged, then checked against the registry. `config` is the checked one (strategy options under
 * canonical names), `loaded` the merge with its sources; `errors` holds the problems of both steps.
 */
export async function loadCheckedConfig(
  flags: ConfigFlags,
  env: Readonly<Record<string, string | undefined>>,
  registry: Registry,
): Promise<{ loaded: LoadedConfig; config: SchedulerConfig; errors: Issue[] }> {
  const loaded = await loadConfig({ configPath: str(flags.config), env, flags });
  const checked = checkEffectiveConfig(loaded.config, registry);
  return { loaded, config: checked.config, errors: [...loaded.errors, ...checked.errors] };
}
