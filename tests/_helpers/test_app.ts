/** A real app + HTTP server on 127.0.0.1:0 over a fresh database (test_db.ts), with typed clients. */
import { createTRPCClient, httpBatchLink, type TRPCClient, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import { type App, createApp } from "../../src/server/app.ts";
import { loadServerConfig, quietLogger, type ServerConfig } from "../../src/server/env.ts";
import {
  type Attach,
  type RunningServer,
  startServer,
  type WebHandler,
} from "../../src/server/http_server.ts";
import type { AppRouter } from "../../src/server/routers/_app.ts";
import { createTestDb, type TestDb } from "./test_db.ts";

export type Client = TRPCClient<AppRouter>;

export interface TestApp extends AsyncDisposable {
  readonly app: App;
  readonly server: RunningServer;
  /** The server's base URL (the web app). */
  readonly url: string;
  /** The API's URL (`url` + `/trpc`). */
  readonly apiUrl: string;
  /** The database's URL (reuse it with `startTestApp({ dbUrl })` to test restarts). */
  readonly dbUrl: string;
  /** A typed client, signed in when `token` is given. */
  client(token?: string): Client;
  /** Registers a fresh user and returns their token, user and client. */
  signUp(email?: string): Promise<{ token: string; userId: string; client: Client }>;
  /** Stops server and app (keeps the database). */
  stop(): Promise<void>;
  /** Deletes the database this app created (after `stop`); disposing does both. */
  removeDb(): Promise<void>;
}

export interface TestAppOptions {
  /** Existing database to reuse (not removed); a fresh one otherwise (removed on dispose). */
  readonly dbUrl?: string;
  readonly config?: Partial<ServerConfig>;
  /** Extra transports on the same port, e.g. the WebSocket server. */
  readonly attach?: readonly Attach[];
  /** Serves the web app too (see `src/web/serve.ts`). */
  readonly web?: WebHandler;
}

let counter = 0;

/** Starts a real service for a test; `await using t = await startTestApp()`. */
export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const owned: TestDb | null = opts.dbUrl ? null : await createTestDb();
  const dbUrl = opts.dbUrl ?? owned!.url;
  const config = loadServerConfig({}, {
    host: "127.0.0.1",
    port: 0,
    dbUrl,
    // The suite tests the service on either database with its in-process queue; the shared queue
    // of several instances has tests of its own (instances_test.ts).
    queue: "local",
    jwtSecret: "test-secret-0123456789abcdef",
    env: "test",
    workers: 2,
    boundBudgetMs: 0,
    logger: quietLogger,
    ...opts.config,
  });
  let app: App;
  try {
    app = await createApp(config);
  } catch (e) {
    await owned?.remove();
    throw e;
  }
  let server: RunningServer;
  try {
    server = await startServer(app, {
      attach: opts.attach ?? [],
      ...(opts.web ? { web: opts.web } : {}),
    });
  } catch (e) {
    await app.close();
    await owned?.remove();
    throw e;
  }
  const client = (token?: string): Client =>
    createTRPCClient<AppRouter>({
      links: [
        httpBatchLink({
          url: server.apiUrl,
          transformer: superjson,
          headers: token ? { authorization: `Bearer ${token}` } : {},
        }),
      ],
    });
  let stopped: Promise<void> | null = null;
  const stop = () => {
    stopped ??= (async () => {
      await server.close();
      await app.close();
    })();
    return stopped;
  };
  return {
    app,
    server,
    url: server.url,
    apiUrl: server.apiUrl,
    dbUrl,
    client,
    async signUp(email?: string) {
      const mail = email ?? `user${++counter}-${crypto.randomUUID().slice(0, 8)}@example.com`;
      const { token, user } = await client().auth.register.mutate({
        email: mail,
        password: "correct horse battery",
      });
      return { token, userId: user.id, client: client(token) };
    },
    stop,
    async removeDb() {
      await owned?.remove();
    },
    async [Symbol.asyncDispose]() {
      await stop();
      await owned?.remove();
    },
  };
}

/** The TRPCClientError a call fails with; throws if it succeeds or fails otherwise. */
export async function trpcError(
  call: () => Promise<unknown>,
  code?: string,
): Promise<TRPCClientError<AppRouter>> {
  try {
    await call();
  } catch (e) {
    if (!(e instanceof TRPCClientError)) throw e;
    const err = e as TRPCClientError<AppRouter>;
    if (code !== undefined && err.data?.code !== code) {
      throw new Error(`expected ${code}, got ${err.data?.code}: ${err.message}`);
    }
    return err;
  }
  throw new Error(`expected the call to fail${code ? ` with ${code}` : ""}, it succeeded`);
}
