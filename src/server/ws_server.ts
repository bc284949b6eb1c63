/**
 * The live transport: tRPC over WebSocket on the HTTP server's port, upgraded at `API_PATH`
 * (other paths answer 404).
 *
 * Connection accounting: a socket counts toward a user from the moment tRPC builds its context,
 * which is when the socket opens for `?token=` URLs and when the first message arrives for
 * clients that send `connectionParams` (tRPC's `?connectionParams=1` protocol). A user holding
 * `maxPerUser` sockets gets the next one closed with code 4429 and a reason; the others keep
 * working. A socket whose subscription fails UNAUTHORIZED (no token or a bad one) is closed with
 * 4401 right after the error is sent, as is one that has not authenticated within
 * `authTimeoutMs`, one whose token expires, and one whose token is revoked (password changed,
 * signed out everywhere). Closing a socket ends its subscriptions and frees its slot.
 *
 * Keep-alive: WebSocket ping frames every `pingMs`; a peer that neither answers (pong) nor sends
 * anything within `pongWaitMs` is terminated. Protocol pings (not tRPC's text "PING") are used
 * because every WebSocket implementation answers them, so URL-only clients stay connected too.
 */
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import type { AnyRouter } from "@trpc/server";
import { TRPCError } from "@trpc/server";
import { applyWSSHandler } from "@trpc/server/adapters/ws";
import { type WebSocket, WebSocketServer } from "ws";
import type { App } from "./app.ts";
import { API_PATH, isApiPath } from "./api_path.ts";
import { contextFactory, tokenOf } from "./context.ts";
import type { LiveStats } from "./services/live_registry.ts";
import type { Attach } from "./http_server.ts";
import { originAllowed } from "./http_guard.ts";
import { appRouter } from "./routers/_app.ts";
import { spliceRawText } from "./raw_json.ts";

/** Close code for a connection refused because its user is at the cap. */
export const CLOSE_TOO_MANY = 4429;
/** Close code for a connection without a valid token that tried an authed call. */
export const CLOSE_UNAUTHORIZED = 4401;
/** Close code sent on graceful shutdown ("going away"). */
export const CLOSE_GOING_AWAY = 1001;

/** Limits and timings of the live transport. */
export interface WsOptions {
  /** Ping interval, ms (FILLSCHED_WS_PING_MS). */
  readonly pingMs: number;
  /** How long to wait for a pong before dropping the peer, ms (FILLSCHED_WS_PONG_WAIT_MS). */
  readonly pongWaitMs: number;
  /** Open connections allowed per user (FILLSCHED_WS_MAX_PER_USER). */
  readonly maxPerUser: number;
  /** Largest accepted message, bytes. */
  readonly maxPayload: number;
  /** A socket without a valid token is closed (4401) after this long, ms. */
  readonly authTimeoutMs: number;
}

/** Defaults of `WsOptions`. */
export const WS_DEFAULTS: WsOptions = {
  pingMs: 30_000,
  pongWaitMs: 10_000,
  maxPerUser: 10,
  maxPayload: 1024 * 1024,
  authTimeoutMs: 10_000,
};

/** What `attachWebSocket` returns. */
export interface LiveServer {
  /** Tells clients to reconnect elsewhere, closes every socket with `reason`, stops upgrades. */
  close(reason?: string): Promise<void>;
  /** Connections, per-user counts, subscriptions per channel, events sent. */
  stats(): LiveStats;
}

/** The WS settings of `app.config` (FILLSCHED_WS_*), with `overrides` on top. */
export function wsOptionsOf(app: App, overrides: Partial<WsOptions> = {}): WsOptions {
  const c = app.config;
  return {
    ...WS_DEFAULTS,
    pingMs: c.wsPingMs,
    pongWaitMs: c.wsPongWaitMs,
    maxPerUser: c.wsMaxPerUser,
    ...overrides,
  };
}

/** Serves `router` over WebSocket on `httpServer`'s port; see the module note for the rules. */
export function attachWebSocket(
  httpServer: Server,
  app: App,
  router: AnyRouter,
  overrides: Partial<WsOptions> = {},
): LiveServer {
  const opts = wsOptionsOf(app, overrides);
  const live = app.events.live;
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayload });
  const socketOf = new WeakMap<IncomingMessage, WebSocket>();
  const baseContext = contextFactory(app);
  /** The token each authenticated socket of a user signed in with, to re-check on revocation. */
  const tokens = new Map<string, Map<WebSocket, string>>();
  let closing = false;

  const offRevoke = app.auth.onRevoke((userId) => {
    for (const [ws, token] of tokens.get(userId) ?? []) {
      void app.auth.session(token).then((s) => {
        if (!s) closeQuietly(ws, CLOSE_UNAUTHORIZED, "token revoked: sign in again");
      }, () => {});
    }
  });

  /** Closes `ws` (4401) when its token expires or is revoked. */
  const watchToken = (ws: WebSocket, userId: string, token: string, expiresAtMs: number) => {
    const mine = tokens.get(userId) ?? new Map<WebSocket, string>();
    if (mine.has(ws)) return;
    mine.set(ws, token);
    tokens.set(userId, mine);
    // setTimeout holds at most ~24.8 days; tokens living longer are re-checked when it fires.
    const wait = Math.min(Math.max(0, expiresAtMs - Date.now()), 2 ** 31 - 1);
    const expiry = setTimeout(() => {
      closeQuietly(ws, CLOSE_UNAUTHORIZED, "token expired: sign in again");
    }, wait);
    ws.once("close", () => {
      clearTimeout(expiry);
      mine.delete(ws);
      if (mine.size === 0) tokens.delete(userId);
    });
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (closing) {
      socket.end("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n");
      return;
    }
    // A page of another site must not open a socket here (FILLSCHED_CORS_ORIGINS allows some).
    if (!originAllowed(req, app.config.corsOrigins)) {
      socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n");
      return;
    }
    if (!isApiPath(new URL(req.url ?? "/", "http://x").pathname)) {
      socket.end(
        `HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\nWebSocket is at ${API_PATH}`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
  };
  httpServer.on("upgrade", onUpgrade);

  // Registered before tRPC's listener: the registry must know the socket when the context is built.
  wss.on("connection", (ws: WebSocket, req: IncomingMessage) => {
    live.open(ws);
    socketOf.set(req, ws);
    writeRawJson(ws);
    keepAlive(ws, opts, () => live.deadDropped());
    // Only subscriptions use this transport and they all need a user: an anonymous socket
    // would hold resources outside every per-user cap, so it gets a deadline.
    const deadline = setTimeout(() => {
      if (!live.isAuthenticated(ws)) {
        closeQuietly(ws, CLOSE_UNAUTHORIZED, "no valid token in time: send connectionParams.token");
      }
    }, opts.authTimeoutMs);
    ws.once("close", () => {
      clearTimeout(deadline);
      live.close(ws);
    });
  });

  const handler = applyWSSHandler({
    wss,
    router,
    createContext: async (o) => {
      const ctx = { ...await baseContext(o), connection: o.res };
      const ws = o.res;
      if (ctx.user && ws.readyState === ws.OPEN) {
        const refused = live.admit(ws, ctx.user.id, opts.maxPerUser);
        if (refused) {
          const reason =
            `too many connections: this user already has ${refused.open} open (max ${refused.max})`;
          ws.close(CLOSE_TOO_MANY, reason);
          throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: reason });
        }
        watchToken(ws, ctx.user.id, tokenOf(o) ?? "", ctx.expiresAtMs ?? Date.now());
      }
      return ctx;
    },
    onError: ({ error, req }) => {
      if (error.code !== "UNAUTHORIZED") return;
      const ws = socketOf.get(req);
      // After the error reply has been queued (the adapter sends it right after onError).
      if (ws) setTimeout(() => closeQuietly(ws, CLOSE_UNAUTHORIZED, error.message), 0);
    },
  });

  return {
    async close(reason = "server shutting down") {
      if (closing) return;
      closing = true;
      offRevoke();
      handler.broadcastReconnectNotification();
      const gone = [...wss.clients].map((ws) => closed(ws));
      for (const ws of wss.clients) closeQuietly(ws, CLOSE_GOING_AWAY, reason);
      const timer = setTimeout(() => {
        for (const ws of wss.clients) ws.terminate();
      }, 1000);
      await Promise.all(gone);
      clearTimeout(timer);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      // Kept until now so that upgrades during shutdown get a 503 rather than a reset.
      httpServer.off("upgrade", onUpgrade);
    },
    stats: () => live.snapshot(),
  };
}

/** The `startServer` hook that serves the app's router over WebSocket on the same port. */
export function wsAttachment(overrides: Partial<WsOptions> = {}): Attach {
  return (app, httpServer) => {
    const live = attachWebSocket(httpServer, app, appRouter, overrides);
    return { close: () => live.close() };
  };
}

/** `wsAttachment()` with the settings from the app's config. */
export const attachWs: Attach = wsAttachment();

/** Pings `ws` every `pingMs` and terminates it when no pong or message follows in `pongWaitMs`. */
function keepAlive(ws: WebSocket, opts: WsOptions, onDead: () => void): void {
  let deadline: ReturnType<typeof setTimeout> | undefined;
  const alive = () => {
    clearTimeout(deadline);
    deadline = undefined;
  };
  const ticker = setInterval(() => {
    if (deadline !== undefined || ws.readyState !== ws.OPEN) return;
    ws.ping();
    deadline = setTimeout(() => {
      onDead();
      ws.terminate();
    }, opts.pongWaitMs);
  }, opts.pingMs);
  ws.on("pong", alive);
  ws.on("message", alive);
  ws.once("close", () => {
    clearInterval(ticker);
    alive();
  });
}

function closeQuietly(ws: WebSocket, code: number, reason: string): void {
  if (ws.readyState !== ws.OPEN && ws.readyState !== ws.CONNECTING) return;
  // A close reason must fit in 123 bytes.
  const bytes = new TextEncoder().encode(reason);
  ws.close(code, bytes.length <= 123 ? reason : new TextDecoder().decode(bytes.slice(0, 120)));
}

function closed(ws: WebSocket): Promise<void> {
  return ws.readyState === ws.CLOSED
    ? Promise.resolve()
    : new Promise((resolve) => ws.once("close", () => resolve()));
}

/** tRPC sends each answer as one JSON text: kept JSON (`raw_json.ts`) goes in as it is sent. */
function writeRawJson(ws: WebSocket): void {
  const send = ws.send.bind(ws) as (data: unknown, ...rest: unknown[]) => void;
  ws.send =
    ((data: unknown, ...rest: unknown[]) =>
      send(typeof data === "string" ? spliceRawText(data) : data, ...rest)) as WebSocket["send"];
}
