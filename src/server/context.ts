/** Per-request (HTTP) or per-connection (WebSocket) context: the app, the user or null, a request id. */
import type { IncomingMessage } from "node:http";
import type { App } from "./app.ts";
import type { User } from "../db/users.ts";

/** What createContext gets from the HTTP handler or applyWSSHandler (the parts we read). */
export interface ContextOptions {
  readonly req: IncomingMessage;
  readonly info?: {
    readonly connectionParams?: Readonly<Record<string, string | undefined>> | null;
  } | undefined;
}

export interface Context {
  readonly app: App;
  readonly user: User | null;
  /** When the caller's token expires, epoch ms (null without a user). */
  readonly expiresAtMs: number | null;
  readonly requestId: string;
  /** The client's IP address (rate limits key on it). */
  readonly address: string;
  /** The WebSocket a call came on (subscription limits count per socket); absent over HTTP. */
  readonly connection?: object;
}

const REQUEST_ID = /^[\w.:-]{1,80}$/;

/** The bearer token of a request: `Authorization: Bearer`, WS `connectionParams.token`, or `?token=`. */
export function tokenOf(opts: ContextOptions): string | null {
  const fromParams = opts.info?.connectionParams?.token;
  if (typeof fromParams === "string" && fromParams) return fromParams;
  const header = opts.req.headers.authorization;
  if (typeof header === "string") {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (m?.[1]) return m[1];
  }
  // Only WebSocket upgrades may carry the token in the URL (browsers cannot set headers there).
  if (opts.req.headers.upgrade?.toLowerCase() === "websocket" && opts.req.url) {
    const q = new URL(opts.req.url, "http://x").searchParams.get("token");
    if (q) return q;
  }
  return null;
}

/** Makes the createContext function for one app (used by the HTTP and the WS handler alike). */
export function contextFactory(app: App): (opts: ContextOptions) => Promise<Context> {
  return async (opts) => {
    const given = opts.req.headers["x-request-id"];
    const requestId = typeof given === "string" && REQUEST_ID.test(given)
      ? given
      : crypto.randomUUID();
    const session = await app.auth.session(tokenOf(opts));
    return {
      app,
      user: session?.user ?? null,
      expiresAtMs: session?.expiresAtMs ?? null,
      requestId,
      address: opts.req.socket?.remoteAddress ?? "unknown",
    };
  };
}
