/** `deno task config show|init|validate`: inspect, create and check configuration (see --help). */
import { configCommand } from "../src/cli/config_cmd.ts";
import { main } from "./_cli.ts";

if (import.meta.main) await main(configCommand);
