/** The flags that set configuration values, shared by schedule, compare and config. */
import { CONFIG_KEY_SPECS } from "./config_keys.ts";
import type { OptionSpec } from "./flags.ts";

/** Flags that set configuration values, shared by schedule, compare and config. */
export const CONFIG_FLAGS: Record<string, OptionSpec> = {
  config: { type: "string", short: "c" },
  ...Object.fromEntries(
    CONFIG_KEY_SPECS.map((s) => [
      s.flag,
      s.kind === "json" ? { type: "string", multiple: true } : { type: "string" },
    ]),
  ),
};

/** Help text lines for the config flags. */
export function configFlagsHelp(): string {
  const rows = [
    ["--config F", "config file (YAML or JSON)"],
    ...CONFIG_KEY_SPECS.map((s) => [
      `--${s.flag} ${
        s.kind === "number"
          ? "N"
          : s.kind === "json"
          ? "S.K=V"
          : s.kind === "calendar"
          ? "FILE"
          : "X"
      }`,
      `${s.meaning} [${s.env}]`,
    ]),
  ];
  return rows.map(([f, m]) => `  ${f!.padEnd(26)} ${m}`).join("\n");
}
