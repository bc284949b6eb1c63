/** Server settings from FILLSCHED_* environment variables, checked once by zod. */
import { cpus } from "node:os";
import { z } from "zod";
import { dbKindOfUrl } from "../db/dialects.ts";
import type { DbFaults } from "../db/faults.ts";

/** Where the server writes its log lines. */
export interface Logger {
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

/** Log lines as single JSON objects on stderr (info on stdout). */
export const consoleLogger: Logger = {
  info: (msg, data) => console.log(JSON.stringify({ level: "info", msg, ...data })),
  warn: (msg, data) => console.warn(JSON.stringify({ level: "warn", msg, ...data })),
  error: (msg, data) => console.error(JSON.stringify({ level: "error", msg, ...data })),
};

/** Drops info lines; keeps warnings and errors (tests). */
export const quietLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

const intFrom = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max);

const envSchema = z.object({
  FILLSCHED_HOST: z.string().min(1).default("127.0.0.1"),
  FILLSCHED_PORT: intFrom(0, 65535).default(8080),
  FILLSCHED_DB_URL: z.string().min(1).default("file:data/fillscheduler.db"),
  FILLSCHED_DB_AUTH_TOKEN: z.string().optional(),
  FILLSCHED_QUEUE: z.enum(["local", "shared"]).optional(),
  FILLSCHED_JWT_SECRET: z.string().min(16, "FILLSCHED_JWT_SECRET must have >= 16 characters")
    .optional(),
  FILLSCHED_JWT_TTL: z.string().regex(
    /^\d+\s*(s|sec|m|min|h|hr|d|day|w|week)?s?$/i,
    'FILLSCHED_JWT_TTL must be seconds or a span like "12h", "30m", "7d"',
  ).default("12h"),
  FILLSCHED_ENV: z.enum(["development", "production", "test"]).default("development"),
  FILLSCHED_WORKERS: intFrom(1, 256).optional(),
  FILLSCHED_WORKER_MEMORY_MB: intFrom(64, 65_536).default(2048),
  FILLSCHED_MAX_JOBS_PER_USER: intFrom(1, 1000).default(4),
  FILLSCHED_MAX_LOTS: intFrom(1).default(20_000),
  FILLSCHED_MAX_BODY_BYTES: intFrom(1024).default(10 * 1024 * 1024),
  FILLSCHED_ADMIN_EMAIL: z.string().optional(),
  FILLSCHED_BOUND_BUDGET_MS: intFrom(0).default(2000),
  FILLSCHED_WS_PING_MS: intFrom(10).default(30_000),
  FILLSCHED_WS_PONG_WAIT_MS: intFrom(10).default(10_000),
  FILLSCHED_WS_MAX_PER_USER: intFrom(1, 10_000).default(10),
  FILLSCHED_CORS_ORIGINS: z.string().default(""),
  FILLSCHED_JOB_TIMEOUT_MS: intFrom(1000).default(30 * 60_000),
  FILLSCHED_WS_MAX_SUBSCRIPTIONS: intFrom(1, 10_000).default(20),
  FILLSCHED_LOGIN_ATTEMPTS: intFrom(1, 10_000).default(10),
  FILLSCHED_AUTH_ATTEMPTS_PER_ADDRESS: intFrom(1, 1_000_000).default(100),
  FILLSCHED_HASH_CONCURRENCY: intFrom(1, 64).default(4),
  FILLSCHED_VIEW_CACHE_MB: intFrom(0, 65_536).default(64),
});

/** Everything the server needs to know, resolved from the environment or set by tests. */
export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  readonly dbUrl: string;
  readonly dbAuthToken?: string | undefined;
  /**
   * `shared`: jobs go through pg-boss in the Postgres database, for several instances (the
   * default on Postgres); `local`: this process' own queue (the only one on libSQL).
   */
  readonly queue: "local" | "shared";
  /** HS256 secret; when absent, createApp reads or makes one beside the database. */
  readonly jwtSecret?: string | undefined;
  /** Token lifetime: seconds or a span like "12h". */
  readonly jwtTtl: string;
  readonly env: "development" | "production" | "test";
  /** Size of the worker pool. */
  readonly workers: number;
  /** Heap limit of each engine process, MiB: a job needing more fails alone. */
  readonly workerMemoryMb: number;
  readonly maxJobsPerUser: number;
  readonly maxLots: number;
  readonly maxBodyBytes: number;
  readonly adminEmail: string | null;
  /** Time the lower bound may take after a strategy, ms. */
  readonly boundBudgetMs: number;
  /** WebSocket keep-alive: ping interval and how long a pong may take, ms. */
  readonly wsPingMs: number;
  readonly wsPongWaitMs: number;
  /** Open WebSocket connections allowed per user. */
  readonly wsMaxPerUser: number;
  /** A job still running after this long is stopped and failed, ms. */
  readonly jobTimeoutMs: number;
  /** Subscriptions one WebSocket may hold at once. */
  readonly wsMaxSubscriptions: number;
  /** Browser origins allowed to call the API besides the server's own (CORS; empty = closed). */
  readonly corsOrigins: readonly string[];
  /** Failed logins per account per 15 min. */
  readonly loginAttempts: number;
  /** Registrations and failed logins per client address per 15 min. */
  readonly authAttemptsPerAddress: number;
  /** Password hashes (scrypt, 32 MiB each) running at once, server-wide. */
  readonly hashConcurrency: number;
  /** Memory for schedules' views kept as JSON for readers, bytes (0: none kept). */
  readonly viewCacheBytes: number;
  /** How long a finished job's events stay in memory for replay, ms (default 10 min). */
  readonly eventHistoryTtlMs?: number;
  /** A storage fault switch (tests only): writes fail as on a full disk while it is set. */
  readonly dbFaults?: DbFaults;
  /** Version reported by `health`. */
  readonly version: string;
  readonly logger: Logger;
}

/** The package version reported by `health`. */
export const VERSION = "0.1.0";

/** Reads FILLSCHED_* from `env`; throws one error naming every bad variable. */
export function loadServerConfig(
  env: Record<string, string | undefined>,
  overrides: Partial<ServerConfig> = {},
): ServerConfig {
  const picked = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => k.startsWith("FILLSCHED_") && v !== ""),
  );
  const r = envSchema.safeParse(picked);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new RangeError(`invalid environment: ${lines.join("; ")}`);
  }
  const e = r.data;
  return {
    host: e.FILLSCHED_HOST,
    port: e.FILLSCHED_PORT,
    dbUrl: e.FILLSCHED_DB_URL,
    dbAuthToken: e.FILLSCHED_DB_AUTH_TOKEN,
    queue: e.FILLSCHED_QUEUE ??
      (dbKindOfUrl(e.FILLSCHED_DB_URL) === "postgres" ? "shared" : "local"),
    jwtSecret: e.FILLSCHED_JWT_SECRET,
    jwtTtl: e.FILLSCHED_JWT_TTL,
    env: e.FILLSCHED_ENV,
    workers: e.FILLSCHED_WORKERS ?? Math.max(1, cpus().length),
    workerMemoryMb: e.FILLSCHED_WORKER_MEMORY_MB,
    maxJobsPerUser: e.FILLSCHED_MAX_JOBS_PER_USER,
    maxLots: e.FILLSCHED_MAX_LOTS,
    maxBodyBytes: e.FILLSCHED_MAX_BODY_BYTES,
    adminEmail: e.FILLSCHED_ADMIN_EMAIL ?? null,
    boundBudgetMs: e.FILLSCHED_BOUND_BUDGET_MS,
    wsPingMs: e.FILLSCHED_WS_PING_MS,
    wsPongWaitMs: e.FILLSCHED_WS_PONG_WAIT_MS,
    wsMaxPerUser: e.FILLSCHED_WS_MAX_PER_USER,
    wsMaxSubscriptions: e.FILLSCHED_WS_MAX_SUBSCRIPTIONS,
    jobTimeoutMs: e.FILLSCHED_JOB_TIMEOUT_MS,
    corsOrigins: e.FILLSCHED_CORS_ORIGINS.split(",").map((s) => s.trim()).filter(Boolean),
    loginAttempts: e.FILLSCHED_LOGIN_ATTEMPTS,
    authAttemptsPerAddress: e.FILLSCHED_AUTH_ATTEMPTS_PER_ADDRESS,
    hashConcurrency: e.FILLSCHED_HASH_CONCURRENCY,
    viewCacheBytes: e.FILLSCHED_VIEW_CACHE_MB * 2 ** 20,
    version: VERSION,
    logger: consoleLogger,
    ...overrides,
  };
}
