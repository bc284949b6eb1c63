/**
 * Serves the built web app: hashed assets with a year's cache, `index.html` (also for every
 * app route, so deep links work) revalidated each time, compressed when the client accepts it,
 * and a Content-Security-Policy that allows only this origin.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { WebAsset, WebBuild } from "./build.ts";

/** Only our own origin: no inline scripts, no CDN, no framing. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** The request handler for everything outside the API. */
export function webHandler(build: WebBuild) {
  const index = build.assets.get("/index.html");
  if (!index) throw new Error("the web build has no index.html");
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" });
      res.end("method not allowed");
      return;
    }
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const asset = build.assets.get(path);
    if (asset) return send(req, res, asset);
    // Missing assets are real 404s; any other path is a page of the app.
    if (path.startsWith("/assets/") || /\.\w+$/.test(path)) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      res.end("not found");
      return;
    }
    send(req, res, index);
  };
}

/** The encoding to send: brotli, then gzip, by the client's Accept-Encoding (q=0 refuses). */
export function pickEncoding(acceptEncoding: string | undefined): "br" | "gzip" | null {
  const accepted = new Set<string>();
  for (const part of (acceptEncoding ?? "").split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name);
  }
  if (accepted.has("br")) return "br";
  if (accepted.has("gzip") || accepted.has("*")) return "gzip";
  return null;
}

function send(req: IncomingMessage, res: ServerResponse, asset: WebAsset): void {
  const given = req.headers["accept-encoding"];
  const encoding = pickEncoding(Array.isArray(given) ? given.join(",") : given);
  const body = encoding === "br" ? asset.brotli : encoding === "gzip" ? asset.gzip : asset.body;
  const headers: Record<string, string> = {
    "content-type": asset.contentType,
    "content-length": String(body.length),
    "cache-control": asset.immutable ? "public, max-age=31536000, immutable" : "no-cache",
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    vary: "Accept-Encoding",
  };
  if (encoding) headers["content-encoding"] = encoding;
  res.writeHead(200, headers);
  res.end(req.method === "HEAD" ? undefined : body);
}
