/** Authentication: scrypt password hashes and HS256 JWTs (jose). Holds the secret; no module state. */
import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from "node:crypto";
import { errors as joseErrors, type JWTPayload, jwtVerify, SignJWT } from "jose";
import type { Db } from "../../db/open.ts";
import { findSessionUser, type User } from "../../db/users.ts";
import { AttemptLimiter } from "./attempt_limiter.ts";
import { VerifiedTokens } from "./verified_tokens.ts";
import { WorkGate } from "./work_gate.ts";

/** scrypt cost: N=2^15, r=8, p=1 (~32 MiB, OWASP's recommended minimum). */
const SCRYPT = { N: 1 << 15, r: 8, p: 1, keyLen: 64, saltLen: 16 } as const;

function scryptAsync(
  password: string,
  salt: Buffer,
  keyLen: number,
  opts: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, keyLen, opts, (err, key) => err ? reject(err) : resolve(key))
  );
}

/** `scrypt$N$r$p$salt$hash` (base64) with a fresh random salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SCRYPT.saltLen);
  const { N, r, p, keyLen } = SCRYPT;
  const key = await scryptAsync(password, salt, keyLen, { N, r, p, maxmem: 256 * N * r });
  return ["scrypt", N, r, p, salt.toString("base64"), key.toString("base64")].join("$");
}

/** Whether `password` matches `stored`; constant-time comparison of the derived keys. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [tag, n, r, p, saltB64, keyB64] = stored.split("$");
  if (tag !== "scrypt" || !saltB64 || !keyB64) return false;
  const N = Number(n), R = Number(r), P = Number(p);
  const expected = Buffer.from(keyB64, "base64");
  const key = await scryptAsync(password, Buffer.from(saltB64, "base64"), expected.length, {
    N,
    r: R,
    p: P,
    maxmem: 256 * N * R,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A verified token: its user, the token version it was issued under and when it expires. */
export interface Session {
  readonly user: User;
  /** Epoch ms after which the token is refused. */
  readonly expiresAtMs: number;
}

/** Limits of the auth service (from the server config). */
export interface AuthLimits {
  /** Token lifetime: seconds or a span like "12h". */
  readonly ttl: string;
  /** Password hashes running at once, server-wide; 8 times as many may queue. */
  readonly hashConcurrency: number;
  /** Failed logins per account per window. */
  readonly loginAttempts: number;
  /** Register and failed-login attempts per client address per window. */
  readonly attemptsPerAddress: number;
}

/** The window of the attempt limits, ms. */
export const ATTEMPT_WINDOW_MS = 15 * 60_000;

/**
 * Issues and checks tokens; resolves a token to its (still existing) user, refusing tokens of an
 * older token version (password changed, signed out everywhere). Runs every password hash
 * through one gate, so a burst of logins queues (or is refused) instead of exhausting memory.
 */
export class AuthService {
  readonly #key: Uint8Array<ArrayBuffer>;
  /** The key imported once for verifying (jose would import it on every call). */
  #verifyKey: Promise<CryptoKey> | null = null;
  readonly #tokens = new VerifiedTokens();
  readonly #ttl: string;
  readonly #db: Db;
  readonly #gate: WorkGate;
  readonly #revoked = new Set<(userId: string) => void>();
  /** Failed logins per account. */
  readonly accountAttempts: AttemptLimiter;
  /** Register and failed-login attempts per address. */
  readonly addressAttempts: AttemptLimiter;
  /** A hash of a random password, checked when the email is unknown so timing reveals nothing. */
  #dummy: Promise<string> | null = null;

  constructor(db: Db, secret: string, limits: AuthLimits) {
    this.#db = db;
    this.#key = new TextEncoder().encode(secret);
    const ttl = limits.ttl.trim();
    this.#ttl = /^\d+$/.test(ttl) ? `${ttl}s` : ttl;
    this.#gate = new WorkGate(limits.hashConcurrency, limits.hashConcurrency * 8);
    this.accountAttempts = new AttemptLimiter(limits.loginAttempts, ATTEMPT_WINDOW_MS);
    this.addressAttempts = new AttemptLimiter(limits.attemptsPerAddress, ATTEMPT_WINDOW_MS);
  }

  /** A signed token for `user` under its current token `version`, expiring after the TTL. */
  async issue(user: User, version: number): Promise<string> {
    return await new SignJWT({ role: user.role, ver: version })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(user.id)
      .setIssuedAt()
      .setExpirationTime(this.#ttl)
      .sign(this.#key);
  }

  /**
   * The session a token stands for, or null if it is missing, forged, of another algorithm,
   * expired, not yet valid, revoked (older token version), or its user is gone.
   */
  async session(token: string | null | undefined): Promise<Session | null> {
    if (!token || token.length > 4096) return null;
    try {
      const payload = await this.#verified(token);
      if (typeof payload.sub !== "string" || typeof payload.exp !== "number") return null;
      const found = await findSessionUser(this.#db, payload.sub);
      if (!found || payload.ver !== found.tokenVersion) return null;
      return { user: found.user, expiresAtMs: payload.exp * 1000 };
    } catch (e) {
      if (e instanceof joseErrors.JOSEError) return null;
      throw e;
    }
  }

  /** A token's checked payload (signature, algorithm, claims); throws jose's errors. */
  async #verified(token: string): Promise<JWTPayload> {
    const known = this.#tokens.get(token);
    if (known) return known;
    this.#verifyKey ??= crypto.subtle.importKey(
      "raw",
      this.#key,
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["verify"],
    );
    const { payload } = await jwtVerify(token, await this.#verifyKey, {
      algorithms: ["HS256"],
      requiredClaims: ["sub", "exp", "iat"],
    });
    this.#tokens.add(token, payload);
    return payload;
  }

  /** The user a token names, or null (see `session`). */
  async userOf(token: string | null | undefined): Promise<User | null> {
    return (await this.session(token))?.user ?? null;
  }

  /** Hashes a password through the gate; GateFullError when too many wait already. */
  hash(password: string): Promise<string> {
    return this.#gate.run(() => hashPassword(password));
  }

  /** Checks a password through the gate; GateFullError when too many wait already. */
  verify(password: string, stored: string): Promise<boolean> {
    return this.#gate.run(() => verifyPassword(password, stored));
  }

  /** Spends the same work as a real check, for unknown emails. */
  async burn(password: string): Promise<void> {
    this.#dummy ??= hashPassword(crypto.randomUUID());
    await this.verify(password, await this.#dummy);
  }

  /** Password hashes running and queued now, and the most that ran at once. */
  hashStats(): { active: number; queued: number; peak: number } {
    return this.#gate.stats();
  }

  /** Calls `listener(userId)` whenever a user's older tokens are revoked; returns the unsubscribe. */
  onRevoke(listener: (userId: string) => void): () => void {
    this.#revoked.add(listener);
    return () => this.#revoked.delete(listener);
  }

  /** Tells the listeners that `userId`'s older tokens no longer hold (after bumping the version). */
  revoked(userId: string): void {
    for (const l of this.#revoked) l(userId);
  }
}
