/** Live-transport test helpers: a typed tRPC client over WS+HTTP, raw `ws` sockets, subscriptions as arrays. */
import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  splitLink,
  type TRPCClient,
  wsLink,
} from "@trpc/client";
import superjson from "superjson";
import { WebSocket as RawSocket } from "ws";
import type { AppRouter } from "../../src/server/routers/_app.ts";
import { apiUrl, wsApiUrl } from "../../src/server/api_path.ts";
import type { App } from "../../src/server/app.ts";
import type { JobEvent, JobKind } from "../../src/server/services/job_events.ts";
import type { NewSchedule } from "../../src/db/schema.ts";

/** A typed client whose subscriptions go over one WebSocket, everything else over HTTP. */
export interface LiveClient extends AsyncDisposable {
  readonly trpc: TRPCClient<AppRouter>;
  /** Resolves with the close code once the socket closed (first close only). */
  readonly closed: Promise<number | undefined>;
  /** Resolves once the socket is open. */
  readonly opened: Promise<void>;
  /** The socket in use now (to break it in tests), or null. */
  socket(): WebSocket | null;
  close(): Promise<void>;
}

/** The API's WebSocket URL (ws://host:port/trpc) from a server's base http:// URL. */
export function wsUrl(httpUrl: string): string {
  return wsApiUrl(httpUrl);
}

/**
 * A typed client of the server at `httpUrl` (its base URL). `token` goes in `connectionParams` (or in `?token=` with `inUrl`).
 * `lazy` mode: the client does not reconnect once it has no subscriptions left, so a refused or
 * unauthorized socket stays closed.
 */
export function liveClient(
  httpUrl: string,
  token?: string,
  opts: { inUrl?: boolean; lazy?: boolean } = {},
): LiveClient {
  let onOpen!: () => void;
  let onClose!: (code: number | undefined) => void;
  const opened = new Promise<void>((r) => (onOpen = r));
  const closed = new Promise<number | undefined>((r) => (onClose = r));
  const url = opts.inUrl && token ? `${wsUrl(httpUrl)}/?token=${token}` : wsUrl(httpUrl);
  const ws = createWSClient({
    url,
    ...(token && !opts.inUrl ? { connectionParams: { token } } : {}),
    lazy: { enabled: opts.lazy ?? true, closeMs: 60_000 },
    retryDelayMs: () => 50,
    onOpen: () => onOpen(),
    onClose: (cause) => onClose(cause?.code),
  });
  const trpc = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: wsLink({ client: ws, transformer: superjson }),
        false: httpBatchLink({
          url: apiUrl(httpUrl),
          transformer: superjson,
          headers: token ? { authorization: `Bearer ${token}` } : {},
        }),
      }),
    ],
  });
  let done: Promise<void> | null = null;
  const close = () => {
    done ??= (async () => {
      const socket = ws.connection?.ws;
      const open = socket && socket.readyState !== WebSocket.CLOSED;
      await ws.close();
      if (open) await closed;
    })();
    return done;
  };
  const socket = () => ws.connection?.ws ?? null;
  return { trpc, closed, opened, socket, close, [Symbol.asyncDispose]: close };
}

/** What a subscription delivered, and how it ended. */
export interface Collected<T> {
  readonly items: T[];
  /** Resolves when the subscription completes (ok) or fails (error). */
  readonly ended: Promise<{ ok: true } | { ok: false; error: unknown }>;
  /** Resolves once `n` items arrived. */
  atLeast(n: number): Promise<void>;
  unsubscribe(): void;
}

type Subscribable<T> = (handlers: {
  onData: (d: T) => void;
  onError: (e: unknown) => void;
  onComplete: () => void;
}) => { unsubscribe(): void };

/** Subscribes and collects into an array. */
export function collect<T>(subscribe: Subscribable<T>): Collected<T> {
  const items: T[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  let end!: (r: { ok: true } | { ok: false; error: unknown }) => void;
  const ended = new Promise<{ ok: true } | { ok: false; error: unknown }>((r) => (end = r));
  const sub = subscribe({
    onData: (d) => {
      items.push(d);
      for (const w of waiters.filter((w) => items.length >= w.n)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    },
    onError: (error) => end({ ok: false, error }),
    onComplete: () => end({ ok: true }),
  });
  return {
    items,
    ended,
    atLeast: (n) =>
      items.length >= n
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ n, resolve })),
    unsubscribe: () => sub.unsubscribe(),
  };
}

/** A raw `ws` socket (no tRPC client) that records how it was closed. */
export interface RawClient {
  readonly socket: RawSocket;
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly messages: string[];
  close(): Promise<void>;
}

/** Opens a raw socket; `autoPong: false` makes it a peer that never answers pings. */
export function rawClient(url: string, opts: { autoPong?: boolean } = {}): RawClient {
  const socket = new RawSocket(url, { autoPong: opts.autoPong ?? true });
  const messages: string[] = [];
  socket.on("message", (d) => messages.push(String(d)));
  socket.on("error", () => {});
  const opened = new Promise<void>((resolve) => socket.once("open", () => resolve()));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once("close", (code, reason) => resolve({ code, reason: String(reason) }))
  );
  return {
    socket,
    opened,
    closed,
    messages,
    async close() {
      if (socket.readyState !== socket.CLOSED) socket.close();
      await closed;
    },
  };
}

/**
 * Inserts a bare schedule row for `ownerId` (a job whose events a test publishes itself, or one
 * a test enqueues by hand); `columns` replaces any of the bare row's values.
 */
export async function insertJobRow(
  app: App,
  ownerId: string,
  status: "queued" | "running" | "completed" | "failed" | "cancelled" = "queued",
  columns: Partial<Omit<NewSchedule, "id" | "owner_id" | "status">> = {},
): Promise<string> {
  const id = crypto.randomUUID();
  const now = new Date().toISOString();
  await app.db.insertInto("schedules").values({
    id,
    owner_id: ownerId,
    name: null,
    status,
    strategy: "given_order",
    template_id: null,
    lot_count: 0,
    lots_json: "[]",
    config_json: "{}",
    config_sources_json: "{}",
    start_at: now,
    kpis_json: null,
    bound_json: null,
    activities_json: null,
    plan_json: null,
    solve_status: null,
    validation_json: null,
    elapsed_ms: null,
    error: status === "failed" ? "stored failure" : null,
    created_at: now,
    started_at: null,
    finished_at: null,
    updated_at: now,
    ...columns,
  }).execute();
  return id;
}

/** Publishes one event for a test-driven schedule job. */
export function publish(
  app: App,
  jobId: string,
  ownerId: string,
  event: JobEvent,
  kind: JobKind = "schedule",
) {
  return app.events.publish({ id: jobId, kind, ownerId }, event);
}

/** Resolves when `check` holds, polling every 10 ms (for server-side counters). */
export async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
