/** createApp: the one place where the service's state is born (db, event bus, jobs, auth). */
import { dbKindOfUrl } from "../db/dialects.ts";
import { type Db, openDb } from "../db/open.ts";
import type { ServerConfig } from "./env.ts";
import { AuthService } from "./services/auth.ts";
import { KeptViews } from "./services/kept_views.ts";
import { JobEvents } from "./services/job_events.ts";
import { type JobRunner, JobService } from "./services/jobs.ts";
import { resolveAppJwtSecret } from "./services/jwt_secret.ts";
import { SharedJobService } from "./services/shared_jobs.ts";

/** A running service instance. Close it to release the database and the workers. */
export interface App {
  readonly config: ServerConfig;
  readonly db: Db;
  readonly events: JobEvents;
  readonly jobs: JobRunner;
  readonly auth: AuthService;
  /** Jobs' views as JSON, kept ready for readers that poll them. */
  readonly views: KeptViews;
  close(): Promise<void>;
}

/** Opens the database (migrating it), builds the services and resumes unfinished jobs. */
export async function createApp(config: ServerConfig): Promise<App> {
  if (config.queue === "shared" && dbKindOfUrl(config.dbUrl) !== "postgres") {
    throw new RangeError("FILLSCHED_QUEUE=shared needs a postgres:// FILLSCHED_DB_URL");
  }
  const db = await openDb({
    url: config.dbUrl,
    authToken: config.dbAuthToken,
    ...(config.dbFaults ? { faults: config.dbFaults } : {}),
  });
  const events = new JobEvents({
    ...(config.eventHistoryTtlMs !== undefined
      ? { retainFinishedMs: config.eventHistoryTtlMs }
      : {}),
  });
  const views = new KeptViews(config.viewCacheBytes);
  let secret: string, jobs: JobRunner;
  try {
    secret = await resolveAppJwtSecret(config, db);
    jobs = config.queue === "shared"
      ? await SharedJobService.open(db, events, config, views)
      : new JobService(db, events, config, views);
  } catch (e) {
    await db.destroy();
    throw e;
  }
  const auth = new AuthService(db, secret, {
    ttl: config.jwtTtl,
    hashConcurrency: config.hashConcurrency,
    loginAttempts: config.loginAttempts,
    attemptsPerAddress: config.authAttemptsPerAddress,
  });
  try {
    // No accepted job is lost: whatever a stopped server left queued or running runs again.
    await jobs.recover();
  } catch (e) {
    await jobs.close();
    await db.destroy();
    throw e;
  }
  let closed: Promise<void> | null = null;
  return {
    config,
    db,
    events,
    jobs,
    auth,
    views,
    close() {
      closed ??= (async () => {
        await jobs.close();
        await db.destroy();
      })();
      return closed;
    },
  };
}
