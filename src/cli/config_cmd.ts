/** `config show|init|validate`: the effective configuration with sources, a template, and checks. */
import { stringify } from "yaml";
import {
  CONFIG_KEYS,
  DEFAULT_CONFIG,
  type Registry,
  registry as defaultRegistry,
} from "../engine/mod.ts";
import { EXIT, printIssues, runCommand, UsageError } from "./command.ts";
import { CONFIG_FLAGS, configFlagsHelp } from "./config_flags.ts";
import { parseFlags, str } from "./flags.ts";
import type { CliIo } from "./io.ts";
import { loadCheckedConfig } from "./effective_config.ts";
import { CONFIG_KEY_SPECS } from "./config_keys.ts";

export const CONFIG_USAGE = `Usage: deno task config <show|init|validate> [options]

  show       print every effective value and where it came from (flag > env > file > default)
  init       write a commented template (YAML, or JSON when the name ends in .json)
  validate   check the configuration; print every error with its field

Options:
  --out F                    file for init (default: fillsched.config.yaml)
  --force                    let init overwrite an existing file
  --json                     show: print JSON instead of a table
  -h, --help                 show this help
${configFlagsHelp()}

Exit status: 0 done (valid), 1 invalid config or refused overwrite, 2 usage error.
`;

const FLAGS = {
  ...CONFIG_FLAGS,
  out: { type: "string", short: "o" },
  force: { type: "boolean" },
  json: { type: "boolean" },
} as const;

/** The YAML template: every key with its default and a comment on meaning, env var and flag. */
export function configTemplateYaml(): string {
  const lines = [
    "# fillscheduler configuration. Precedence: flag > environment > this file > default.",
    "# Keys may also be written snake_case (fill_rate_vph). Remove a line to keep the default.",
    "",
  ];
  for (const spec of CONFIG_KEY_SPECS) {
    lines.push(`# ${spec.meaning}. Env ${spec.env}, flag --${spec.flag}.`);
    const value = spec.example ?? DEFAULT_CONFIG[spec.key];
    const text = stringify({ [spec.key]: value }).trimEnd();
    lines.push(spec.example ? text.split("\n").map((l) => `# ${l}`).join("\n") : text);
    lines.push("");
  }
  return lines.join("\n");
}

/** The JSON template (JSON has no comments: the defaults only). */
export function configTemplateJson(): string {
  const { strategyOptions: _, calendar: _c, ...rest } = DEFAULT_CONFIG;
  return JSON.stringify(rest, null, 2) + "\n";
}

function showValue(v: unknown): string {
  return v === null ? "(unset)" : typeof v === "string" ? v : JSON.stringify(v);
}

/** Runs `config` with `args`; returns the exit code. */
export function configCommand(
  args: readonly string[],
  io: CliIo,
  registry: Registry = defaultRegistry,
): Promise<number> {
  return runCommand(io, CONFIG_USAGE, async () => {
    const { values, positionals } = parseFlags(args, FLAGS, true);
    if (values.help) {
      io.out(CONFIG_USAGE);
      return EXIT.ok;
    }
    const [sub, ...extra] = positionals;
    if (!sub) throw new UsageError("missing subcommand: show, init or validate");
    if (extra.length) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
    if (sub === "init") {
      const path = str(values.out) ?? "fillsched.config.yaml";
      const text = path.endsWith(".json") ? configTemplateJson() : configTemplateYaml();
      try {
        await Deno.writeTextFile(path, text, { createNew: !values.force });
      } catch (e) {
        if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
        io.err(`error: ${path} exists; use --force to overwrite it\n`);
        return EXIT.invalid;
      }
      io.out(`wrote ${path}\n`);
      return EXIT.ok;
    }
    if (sub !== "show" && sub !== "validate") {
      throw new UsageError(`unknown subcommand ${JSON.stringify(sub)}: use show, init or validate`);
    }
    const { loaded, errors } = await loadCheckedConfig(values, io.env, registry);
    if (sub === "show") {
      if (values.json) {
        io.out(
          JSON.stringify({ config: loaded.config, sources: loaded.sources, errors }, null, 2) +
            "\n",
        );
      } else {
        const width = Math.max(...CONFIG_KEYS.map((k) => k.length));
        for (const k of CONFIG_KEYS) {
          const src = loaded.sources[k] === "file" ? `file ${loaded.file}` : loaded.sources[k];
          io.out(`${k.padEnd(width)} ${showValue(loaded.config[k]).padEnd(24)} (${src})\n`);
        }
      }
      printIssues(io, errors);
      return errors.length ? EXIT.invalid : EXIT.ok;
    }
    if (errors.length) {
      io.err(`invalid configuration: ${errors.length} problem${errors.length === 1 ? "" : "s"}\n`);
      for (const e of errors) io.err(`error: [${e.field ?? "config"}] ${e.message}\n`);
      return EXIT.invalid;
    }
    io.out("configuration is valid\n");
    return EXIT.ok;
  });
}
