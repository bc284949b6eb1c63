/** `deno task compare --data LOTS.csv --strategies all`: compare strategies (see --help). */
import { compareCommand } from "../src/cli/compare_cmd.ts";
import { main } from "./_cli.ts";

if (import.meta.main) await main(compareCommand);
