/** Serves an app over node:http with tRPC's HTTP handler; other transports attach to the same server. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import type { App } from "./app.ts";
import { contextFactory } from "./context.ts";
import { appRouter } from "./routers/_app.ts";

/** Something attached to the HTTP server (e.g. the WebSocket server); closed before it. */
export interface Attachment {
  close(): void | Promise<void>;
}

/** Attaches a transport to the server, e.g. `attachWs` from ws_server.ts. */
export type Attach = (app: App, httpServer: Server) => Attachment | Promise<Attachment>;

export interface StartOptions {
  /** Defaults to `app.config.host` / `app.config.port`. */
  readonly host?: string;
  readonly port?: number;
  readonly attach?: readonly Attach[];
  /** How long `close()` lets requests in flight finish before cutting them, ms (default 5000). */
  readonly graceMs?: number;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly httpServer: Server;
  close(): Promise<void>;
}

/** Starts listening; resolves once the port is bound. */
export async function startServer(app: App, opts: StartOptions = {}): Promise<RunningServer> {
  const handler = createHTTPHandler({
    router: appRouter,
    createContext: contextFactory(app),
    // Checked on the stream, before JSON parsing: the request fails with PAYLOAD_TOO_LARGE.
    maxBodySize: app.config.maxBodyBytes,
  });
  const httpServer = createServer(handler);
  httpServer.keepAliveTimeout = 5_000;
  const host = opts.host ?? app.config.host;
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(opts.port ?? app.config.port, host, () => {
      httpServer.off("error", reject);
      resolve();
    });
  });
  const attachments: Attachment[] = [];
  for (const attach of opts.attach ?? []) attachments.push(await attach(app, httpServer));
  const port = (httpServer.address() as AddressInfo).port;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  let closed: Promise<void> | null = null;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    httpServer,
    close() {
      closed ??= (async () => {
        for (const a of attachments.reverse()) await a.close();
        // Finish requests in flight (up to the grace period), drop idle keep-alive sockets now.
        await new Promise<void>((resolve) => {
          const force = setTimeout(() => httpServer.closeAllConnections(), opts.graceMs ?? 5_000);
          httpServer.close(() => {
            clearTimeout(force);
            resolve();
          });
          httpServer.closeIdleConnections();
        });
      })();
      return closed;
    },
  };
}
