/** `deno task demo`: run the demo client against FILLSCHED_URL (it starts no server itself). */
import { runDemo } from "../src/server/demo.ts";

if (Deno.args.includes("--help") || Deno.args.includes("-h")) {
  console.log(`Usage: deno task demo [LOTS.csv]

A typed tRPC client against a running server (it starts none itself): logs in or registers a
demo user, schedules LOTS.csv (default examples/lots.csv), waits for the run and prints the
KPIs and the lower bound. FILLSCHED_URL sets the server (default http://127.0.0.1:8080).`);
  Deno.exit(0);
}
const url = Deno.env.get("FILLSCHED_URL") ?? "http://127.0.0.1:8080";
const file = Deno.args[0] ?? new URL("../examples/lots.csv", import.meta.url);
try {
  await runDemo({ url, csv: await Deno.readTextFile(file) });
} catch (e) {
  console.error(`demo: ${e instanceof Error ? e.message : String(e)}`);
  Deno.exit(1);
}
