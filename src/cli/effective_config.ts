/** A command's configuration: the layers merged, then the run request judged by the engine. */
import {
  canonicalRequest,
  type Issue,
  type Registry,
  type SchedulerConfig,
} from "../engine/mod.ts";
import { str } from "./flags.ts";
import { type ConfigFlags, loadConfig, type LoadedConfig } from "./load_config.ts";

/**
 * Merges the layers (the `--config` file, FILLSCHED_* variables, the flags) and checks the result
 * with the strategies to run (`strategies`, else the configured one). `config` is canonical
 * (strategy options under canonical names), `loaded` the merge with its sources; `errors` holds
 * the problems of both steps.
 */
export async function loadCheckedConfig(
  flags: ConfigFlags,
  env: Readonly<Record<string, string | undefined>>,
  registry: Registry,
  strategies?: readonly string[],
): Promise<{ loaded: LoadedConfig; config: SchedulerConfig; errors: Issue[] }> {
  const loaded = await loadConfig({ configPath: str(flags.config), env, flags });
  const request = canonicalRequest(loaded.config, {
    registry,
    ...(strategies ? { strategies } : {}),
  });
  return { loaded, config: request.config, errors: [...loaded.errors, ...request.issues] };
}
