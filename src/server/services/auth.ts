/** Authentication: scrypt password hashes and HS256 JWTs (jose). Holds the secret; no module state. */
import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from "node:crypto";
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import type { Db } from "../../db/open.ts";
import { findUserById, type User } from "../../db/users.ts";

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

/** Issues and checks tokens; resolves a token to its (still existing) user. */
export class AuthService {
  readonly #key: Uint8Array;
  readonly #ttl: string;
  readonly #db: Db;
  /** A hash of a random password, checked when the email is unknown so timing reveals nothing. */
  #dummy: Promise<string> | null = null;

  constructor(db: Db, secret: string, ttl: string) {
    this.#db = db;
    this.#key = new TextEncoder().encode(secret);
    this.#ttl = /^\d+$/.test(ttl.trim()) ? `${ttl.trim()}s` : ttl;
  }

  /** A signed token for `user`, expiring after the configured TTL. */
  async issue(user: User): Promise<string> {
    return await new SignJWT({ role: user.role })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(user.id)
      .setIssuedAt()
      .setExpirationTime(this.#ttl)
      .sign(this.#key);
  }

  /** The user a token names, or null if it is missing, forged, expired, or the user is gone. */
  async userOf(token: string | null | undefined): Promise<User | null> {
    if (!token) return null;
    try {
      const { payload } = await jwtVerify(token, this.#key, { algorithms: ["HS256"] });
      if (typeof payload.sub !== "string") return null;
      return await findUserById(this.#db, payload.sub);
    } catch (e) {
      if (e instanceof joseErrors.JOSEError) return null;
      throw e;
    }
  }

  /** Spends the same work as a real check, for unknown emails. */
  async burn(password: string): Promise<void> {
    this.#dummy ??= hashPassword(crypto.randomUUID());
    await verifyPassword(password, await this.#dummy);
  }
}
