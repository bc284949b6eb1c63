/**
 * Serves an app over node:http: the tRPC API under `API_PATH`, anything else to the `web` handler
 * (the web app), other transports (WebSocket) attached to the same server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { App } from "./app.ts";
import { createApiHandler } from "./api_handler.ts";
import { API_PATH, apiUrl, isApiPath } from "./api_path.ts";
import { contextFactory } from "./context.ts";
import { retryAfterOf } from "./errors.ts";
import { guardHttp } from "./http_guard.ts";
import { appRouter } from "./routers/_app.ts";

/** Something attached to the HTTP server (e.g. the WebSocket server); closed before it. */
export interface Attachment {
  close(): void | Promise<void>;
}

/** Attaches a transport to the server, e.g. `attachWs` from ws_server.ts. */
export type Attach = (app: App, httpServer: Server) => Attachment | Promise<Attachment>;

/** Answers the requests outside the API (the web app's pages and assets). */
export type WebHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface StartOptions {
  /** Defaults to `app.config.host` / `app.config.port`. */
  readonly host?: string;
  readonly port?: number;
  readonly attach?: readonly Attach[];
  /** Serves everything outside `API_PATH`; without it such requests answer 404. */
  readonly web?: WebHandler;
  /** How long `close()` lets requests in flight finish before cutting them, ms (default 5000). */
  readonly graceMs?: number;
}

export interface RunningServer {
  /** The server's base URL (where the web app is), e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  /** The API's URL (`url` + `API_PATH`), for tRPC clients over HTTP and WebSocket. */
  readonly apiUrl: string;
  readonly port: number;
  readonly httpServer: Server;
  close(): Promise<void>;
}

/** Starts listening; resolves once the port is bound. */
export async function startServer(app: App, opts: StartOptions = {}): Promise<RunningServer> {
  const api = createApiHandler({
    basePath: `${API_PATH}/`,
    router: appRouter,
    createContext: contextFactory(app),
    // Checked on the stream, before JSON parsing: the request fails with PAYLOAD_TOO_LARGE.
    maxBodySize: app.config.maxBodyBytes,
    responseMeta({ errors }) {
      const retry = errors.map((e) => retryAfterOf(e.cause)).find((s) => s !== null);
      return retry != null ? { headers: { "retry-after": String(retry) } } : {};
    },
  });
  const web = opts.web ?? notFound;
  const httpServer = createServer((req, res) => {
    if (!guardHttp(req, res, app.config.corsOrigins)) return;
    if (isApiPath(new URL(req.url ?? "/", "http://x").pathname)) return api(req, res);
    Promise.resolve(web(req, res)).catch((e) => {
      app.config.logger.error("web request failed", { url: req.url, error: String(e) });
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end("internal error");
    });
  });
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
  const url = `http://${shownHost}:${port}`;
  return {
    url,
    apiUrl: apiUrl(url),
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

function notFound(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
  res.end(`not found: the API is under ${API_PATH}`);
}
