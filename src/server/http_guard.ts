/**
 * What every HTTP answer gets before any handler runs: security headers, and CORS closed unless
 * the origin is the server's own or on FILLSCHED_CORS_ORIGINS.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

/** Headers on every answer: no sniffing, no framing, no referrer, no caching of API answers. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "content-security-policy":
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; " +
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=()",
  "cache-control": "no-store",
};

const ALLOWED_HEADERS = "authorization, content-type, x-request-id, trpc-accept";

/**
 * Whether a request may come from its `Origin`: none (not a browser), the server's own host, or
 * one listed in `allowed` (exact `scheme://host[:port]`).
 */
export function originAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * Sets the security and CORS headers. Returns false when the request is answered here: a
 * preflight (204, or 403 for an origin not allowed) or a cross-origin call from one not allowed.
 */
export function guardHttp(
  req: IncomingMessage,
  res: ServerResponse,
  corsOrigins: readonly string[],
): boolean {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
  const origin = req.headers.origin;
  res.setHeader("vary", "Origin");
  const ok = originAllowed(req, corsOrigins);
  if (ok && origin !== undefined) {
    res.setHeader("access-control-allow-origin", origin);
    res.setHeader("access-control-expose-headers", "retry-after, x-request-id");
  }
  if (req.method === "OPTIONS" && origin !== undefined) {
    if (ok) {
      res.setHeader("access-control-allow-methods", "GET, POST, OPTIONS");
      res.setHeader("access-control-allow-headers", ALLOWED_HEADERS);
      res.setHeader("access-control-max-age", "600");
    }
    res.statusCode = ok ? 204 : 403;
    res.end();
    return false;
  }
  if (!ok) {
    res.statusCode = 403;
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ error: `origin ${origin} is not allowed (FILLSCHED_CORS_ORIGINS)` }));
    return false;
  }
  return true;
}
