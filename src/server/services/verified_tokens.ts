/**
 * Tokens whose signature and claims were checked already. Every API call carries its token, and
 * checking it again (an HMAC through jose, with its key import) cost more than the call's own
 * query; a token's signature cannot change, so a hit skips that and checks only the time claims
 * again, as jose would (whole seconds, no tolerance). The token's version and user are still
 * looked up per call, so revocation holds at once.
 */
import type { JWTPayload } from "jose";

/** Tokens remembered at most; the oldest is forgotten first. */
const MAX_TOKENS = 10_000;

export class VerifiedTokens {
  readonly #tokens = new Map<string, JWTPayload>();
  readonly #max: number;

  constructor(max = MAX_TOKENS) {
    this.#max = max;
  }

  /** The payload of a token verified before, if its time claims still hold at `nowMs`. */
  get(token: string, nowMs = Date.now()): JWTPayload | null {
    const payload = this.#tokens.get(token);
    if (!payload) return null;
    const now = Math.floor(nowMs / 1000);
    const expired = typeof payload.exp === "number" && payload.exp <= now;
    const early = typeof payload.nbf === "number" && payload.nbf > now;
    if (expired || early) {
      this.#tokens.delete(token);
      return null;
    }
    return payload;
  }

  /** Remembers a token jose has just verified. */
  add(token: string, payload: JWTPayload): void {
    if (this.#tokens.size >= this.#max) {
      const oldest = this.#tokens.keys().next().value;
      if (oldest !== undefined) this.#tokens.delete(oldest);
    }
    this.#tokens.set(token, payload);
  }
}
