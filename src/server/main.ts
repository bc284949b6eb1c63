/** `deno task start`: read FILLSCHED_*, open the app, serve it, shut down cleanly on SIGINT/SIGTERM. */
import { createApp } from "./app.ts";
import { loadServerConfig } from "./env.ts";
import { startServer } from "./http_server.ts";
import { attachWs } from "./ws_server.ts";
import { ensureWebBuild } from "../web/build.ts";
import { webHandler } from "../web/serve.ts";

/** Starts the service and resolves when it has shut down after a signal. */
export async function main(): Promise<void> {
  const config = loadServerConfig(Deno.env.toObject());
  // Built before the app opens: a newcomer's first start bundles the web app (a few seconds).
  const web = await ensureWebBuild();
  if (web.rebuilt) config.logger.info("built the web app", { fingerprint: web.fingerprint });
  const app = await createApp(config);
  const server = await startServer(app, { attach: [attachWs], web: webHandler(web) });
  config.logger.info(`fillscheduler listening on ${server.url} (open it in a browser)`, {
    url: server.url,
    db: config.dbUrl.replace(/\/\/[^@/]*@/, "//***@"),
    workers: config.workers,
  });
  // The one line a newcomer needs, readable among the JSON log lines.
  console.log(`\n  fillscheduler is running: open ${server.url} in a browser\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      Deno.removeSignalListener("SIGINT", stop);
      Deno.removeSignalListener("SIGTERM", stop);
      resolve();
    };
    Deno.addSignalListener("SIGINT", stop);
    Deno.addSignalListener("SIGTERM", stop);
  });
  config.logger.info("shutting down");
  await server.close();
  await app.close();
}

if (import.meta.main) {
  if (Deno.args.includes("--help") || Deno.args.includes("-h")) {
    console.log(`Usage: deno task start

Serves the tRPC API over HTTP and WebSocket on one port. Settings come from the environment:
FILLSCHED_HOST (127.0.0.1), FILLSCHED_PORT (8080), FILLSCHED_DB_URL (file:data/fillscheduler.db),
FILLSCHED_DB_AUTH_TOKEN, FILLSCHED_JWT_SECRET (required when FILLSCHED_ENV=production),
FILLSCHED_WORKERS, FILLSCHED_MAX_JOBS_PER_USER, FILLSCHED_WS_MAX_PER_USER and more (README).`);
    Deno.exit(0);
  }
  try {
    await main();
  } catch (e) {
    console.error(`fillscheduler: ${e instanceof Error ? e.message : String(e)}`);
    Deno.exit(1);
  }
}
