/** `deno task demo`: run the demo client against FILLSCHED_URL (it starts no server itself). */
import { runDemo } from "../src/server/demo.ts";

const url = Deno.env.get("FILLSCHED_URL") ?? "http://127.0.0.1:8080";
const file = Deno.args[0] ?? new URL("../examples/lots.csv", import.meta.url);
try {
  await runDemo({ url, csv: await Deno.readTextFile(file) });
} catch (e) {
  console.error(`demo: ${e instanceof Error ? e.message : String(e)}`);
  Deno.exit(1);
}
