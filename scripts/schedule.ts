/** `deno task schedule --data LOTS.csv`: plan one schedule and write its files (see --help). */
import { scheduleCommand } from "../src/cli/schedule_cmd.ts";
import { main } from "./_cli.ts";

if (import.meta.main) await main(scheduleCommand);
