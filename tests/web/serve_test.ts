import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { request } from "node:http";
import { startTestApp } from "../_helpers/test_app.ts";
import { ensureWebBuild, WEB_OUT_DIR } from "../../src/web/build.ts";
import { CONTENT_SECURITY_POLICY, pickEncoding, webHandler } from "../../src/web/serve.ts";

Deno.test("web build: made when missing, reused while fresh", async () => {
  await Deno.remove(`${WEB_OUT_DIR}manifest.json`).catch(() => {});
  const first = await ensureWebBuild();
  assert(first.rebuilt, "a missing manifest means a build");
  const again = await ensureWebBuild();
  assertEquals([again.rebuilt, again.fingerprint], [false, first.fingerprint]);
  assertEquals([...again.assets.keys()].sort(), [...first.assets.keys()].sort());
  const html = new TextDecoder().decode(first.assets.get("/index.html")!.body);
  // index.html names the hashed entry files, and nothing from another origin.
  const named = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
  assert(named.some((n) => /\/assets\/main-\w+\.js$/.test(n)));
  for (const n of named) assert(first.assets.has(n), n);
  assert(!/https?:\/\//.test(html));
});

/** A GET whose body comes back as sent (fetch would decompress it). */
function rawGet(
  url: string,
  encoding: string,
): Promise<{ headers: Record<string, string | string[] | undefined>; body: Uint8Array }> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { "accept-encoding": encoding } }, (res) => {
      const chunks: Uint8Array[] = [];
      res.on("data", (c: Uint8Array) => chunks.push(c));
      res.on("end", () => {
        const body = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
        let at = 0;
        for (const c of chunks) body.set(c, (at += c.length) - c.length);
        resolve({ headers: res.headers, body });
      });
    }).on("error", reject).end();
  });
}

Deno.test("web serving: types, caching, compression, CSP, app routes", async () => {
  await using t = await startTestApp({ web: webHandler(await ensureWebBuild()) });
  const get = (path: string, enc?: string) =>
    fetch(`${t.url}${path}`, { headers: enc === undefined ? {} : { "accept-encoding": enc } });
  const root = await get("/", "identity");
  assertEquals(root.status, 200);
  assertEquals(root.headers.get("content-type"), "text/html; charset=utf-8");
  assertEquals(root.headers.get("cache-control"), "no-cache");
  assertEquals(root.headers.get("content-security-policy"), CONTENT_SECURITY_POLICY);
  assertEquals(root.headers.get("content-encoding"), null);
  const html = await root.text();
  const js = /src="(\/assets\/main-\w+\.js)"/.exec(html)![1]!;
  // Deep links are pages of the app.
  const deep = await get("/schedules/some-id", "identity");
  assertEquals([deep.status, await deep.text()], [200, html]);

  const plain = await rawGet(`${t.url}${js}`, "identity");
  assertEquals(plain.headers["content-encoding"], undefined);
  const br = await rawGet(`${t.url}${js}`, "gzip, deflate, br");
  assertEquals(br.headers["content-encoding"], "br");
  assertEquals(br.headers["content-type"], "text/javascript; charset=utf-8");
  assertEquals(br.headers["cache-control"], "public, max-age=31536000, immutable");
  assertEquals(br.headers["vary"], "Accept-Encoding");
  assert(br.body.length < plain.body.length / 2);
  assertEquals(new Uint8Array(brotliDecompressSync(br.body)), plain.body);
  const gz = await rawGet(`${t.url}${js}`, "gzip");
  assertEquals(gz.headers["content-encoding"], "gzip");
  assertEquals(new Uint8Array(gunzipSync(gz.body)), plain.body);

  const missing = await get("/assets/main-NOPE.js");
  assertEquals(missing.status, 404);
  await missing.body?.cancel();
  const post = await fetch(`${t.url}/`, { method: "POST" });
  assertEquals(post.status, 405);
  await post.body?.cancel();
  const api = await get("/trpc/health");
  assertEquals(api.status, 200);
  await api.body?.cancel();
});

Deno.test("pickEncoding follows Accept-Encoding, q=0 refuses", () => {
  assertEquals(pickEncoding("gzip, deflate, br"), "br");
  assertEquals(pickEncoding("gzip"), "gzip");
  assertEquals(pickEncoding("br;q=0, gzip;q=0.5"), "gzip");
  assertEquals(pickEncoding("*"), "gzip");
  assertEquals(pickEncoding("identity"), null);
  assertEquals(pickEncoding(undefined), null);
});
