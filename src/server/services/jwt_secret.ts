/**
 * The JWT secret: from the config, else a generated one kept beside the database file (mode 0600),
 * or in a Postgres database itself, where every instance of it reads the same one.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { randomBytes } from "node:crypto";
import { dbKindOfUrl } from "../../db/dialects.ts";
import { type Db, localPath } from "../../db/open.ts";
import { sharedSetting } from "../../db/settings.ts";
import type { ServerConfig } from "../env.ts";

/** Returns the secret to sign tokens with; refuses to invent one in production. */
export function resolveJwtSecret(config: ServerConfig): string {
  if (config.jwtSecret) return config.jwtSecret;
  if (config.env === "production") {
    throw new Error("FILLSCHED_JWT_SECRET must be set when FILLSCHED_ENV=production");
  }
  const path = localPath(config.dbUrl);
  if (path === null || path === ":memory:") {
    config.logger.warn("FILLSCHED_JWT_SECRET is not set; using a random secret until restart");
    return randomBytes(48).toString("base64url");
  }
  const file = `${path}.jwt-secret`;
  if (existsSync(file)) {
    const s = readFileSync(file, "utf8").trim();
    if (s.length >= 16) return s;
  }
  const secret = randomBytes(48).toString("base64url");
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, secret + "\n", { mode: 0o600 });
  config.logger.warn(
    `FILLSCHED_JWT_SECRET is not set; generated one and stored it in ${file} (mode 0600)`,
  );
  return secret;
}

/** As `resolveJwtSecret`; on Postgres a generated secret is kept in the database for every instance. */
export async function resolveAppJwtSecret(config: ServerConfig, db: Db): Promise<string> {
  if (
    !config.jwtSecret && config.env !== "production" && dbKindOfUrl(config.dbUrl) === "postgres"
  ) {
    return await sharedSetting(db, "jwt_secret", () => randomBytes(48).toString("base64url"));
  }
  return resolveJwtSecret(config);
}
