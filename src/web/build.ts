/**
 * Builds the web app's bundle (esbuild) into `.cache/web/`, only when it is missing or stale.
 *
 * Stale means the fingerprint of the inputs changed: every file under `src/web/app/`, the
 * lockfile and this file. Output names carry a content hash (so they can be cached forever);
 * `index.html` is written last and names them. Each asset is also stored gzip- and
 * brotli-compressed so the server never compresses per request.
 */
import { createHash } from "node:crypto";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const APP_DIR = fileURLToPath(new URL("./app/", import.meta.url));
const ENTRY = `${APP_DIR}main.tsx`;
/** Where the built files go (gitignored). */
export const WEB_OUT_DIR = `${ROOT}.cache/web/`;
const MANIFEST = "manifest.json";

/** One built file, ready to serve. */
export interface WebAsset {
  readonly path: string;
  readonly contentType: string;
  readonly body: Uint8Array;
  readonly gzip: Uint8Array;
  readonly brotli: Uint8Array;
  /** Hashed names never change content: cache them for a year. index.html is always revalidated. */
  readonly immutable: boolean;
}

/** The built app: its files by URL path. */
export interface WebBuild {
  readonly fingerprint: string;
  readonly assets: ReadonlyMap<string, WebAsset>;
  /** Whether this call ran esbuild (false: the previous build was still fresh). */
  readonly rebuilt: boolean;
}

interface Manifest {
  readonly fingerprint: string;
  readonly files: readonly string[];
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".map": "application/json",
};

/** The content type of a file name by its extension. */
export function contentTypeOf(name: string): string {
  const ext = name.slice(name.lastIndexOf("."));
  return TYPES[ext] ?? "application/octet-stream";
}

/** Hash of everything the bundle is made from. */
export async function webFingerprint(): Promise<string> {
  const files = [...(await listFiles(APP_DIR)), `${ROOT}deno.lock`, fileURLToPath(import.meta.url)]
    .sort();
  const h = createHash("sha256");
  for (const f of files) {
    h.update(f.slice(ROOT.length));
    h.update("\0");
    h.update(await Deno.readFile(f).catch(() => new Uint8Array()));
    h.update("\0");
  }
  return h.digest("hex").slice(0, 16);
}

/** Loads the current build, building first when it is missing or stale (`force`: always). */
export async function ensureWebBuild(opts: { force?: boolean } = {}): Promise<WebBuild> {
  const fingerprint = await webFingerprint();
  if (!opts.force) {
    const fresh = await loadBuild(fingerprint);
    if (fresh) return fresh;
  }
  await runEsbuild(fingerprint);
  const built = await loadBuild(fingerprint);
  if (!built) throw new Error(`the web build in ${WEB_OUT_DIR} is incomplete after building`);
  return { ...built, rebuilt: true };
}

async function runEsbuild(fingerprint: string): Promise<void> {
  const esbuild = await import("esbuild");
  await Deno.remove(WEB_OUT_DIR, { recursive: true }).catch(() => {});
  await Deno.mkdir(`${WEB_OUT_DIR}assets`, { recursive: true });
  try {
    const result = await esbuild.build({
      entryPoints: [ENTRY],
      bundle: true,
      minify: true,
      format: "esm",
      // The CSV checker (with zod) loads only on the pages that need it.
      splitting: true,
      chunkNames: "chunk-[hash]",
      target: ["es2022"],
      jsx: "automatic",
      outdir: `${WEB_OUT_DIR}assets`,
      entryNames: "[name]-[hash]",
      assetNames: "[name]-[hash]",
      metafile: true,
      define: { "process.env.NODE_ENV": '"production"' },
      // The engine's CSV reader runs in the page too; this build of csv-parse needs no Node.
      alias: { "csv-parse/sync": "csv-parse/browser/esm/sync" },
      logLevel: "silent",
      absWorkingDir: ROOT,
    });
    const outputs = Object.keys(result.metafile.outputs).map((p) =>
      p.slice(p.indexOf("assets/") + "assets/".length)
    );
    const js = outputs.find((f) => f.startsWith("main-") && f.endsWith(".js"));
    const css = outputs.find((f) => f.startsWith("main-") && f.endsWith(".css"));
    if (!js) throw new Error("esbuild produced no JavaScript");
    await Deno.writeTextFile(`${WEB_OUT_DIR}index.html`, indexHtml(js, css));
    const files = ["index.html", ...outputs.map((f) => `assets/${f}`)];
    for (const f of files) {
      const body = await Deno.readFile(`${WEB_OUT_DIR}${f}`);
      await Deno.writeFile(`${WEB_OUT_DIR}${f}.gz`, new Uint8Array(gzipSync(body, { level: 9 })));
      await Deno.writeFile(
        `${WEB_OUT_DIR}${f}.br`,
        new Uint8Array(
          brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        ),
      );
    }
    // Written last: a build cut short leaves no manifest, so the next start builds again.
    const manifest: Manifest = { fingerprint, files };
    await Deno.writeTextFile(`${WEB_OUT_DIR}${MANIFEST}`, JSON.stringify(manifest));
  } finally {
    await esbuild.stop();
  }
}

function indexHtml(js: string, css: string | undefined): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>fillscheduler</title>
<link rel="icon" href="data:,">
${
    css
      ? `<link rel="stylesheet" href="/assets/${css}">\n`
      : ""
  }<script type="module" src="/assets/${js}"></script>
</head>
<body>
<div id="root"><p class="boot">Loading fillscheduler…</p></div>
<noscript>fillscheduler needs JavaScript.</noscript>
</body>
</html>
`;
}

async function loadBuild(fingerprint: string): Promise<WebBuild | null> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await Deno.readTextFile(`${WEB_OUT_DIR}${MANIFEST}`));
  } catch {
    return null;
  }
  if (manifest.fingerprint !== fingerprint) return null;
  const assets = new Map<string, WebAsset>();
  try {
    for (const f of manifest.files) {
      const path = `/${f}`;
      assets.set(path, {
        path,
        contentType: contentTypeOf(f),
        body: await Deno.readFile(`${WEB_OUT_DIR}${f}`),
        gzip: await Deno.readFile(`${WEB_OUT_DIR}${f}.gz`),
        brotli: await Deno.readFile(`${WEB_OUT_DIR}${f}.br`),
        immutable: f !== "index.html",
      });
    }
  } catch {
    return null;
  }
  return { fingerprint, assets, rebuilt: false };
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    const p = `${dir}${e.name}`;
    if (e.isDirectory) out.push(...(await listFiles(`${p}/`)));
    else if (e.isFile) out.push(p);
  }
  return out;
}

if (import.meta.main) {
  const b = await ensureWebBuild({ force: Deno.args.includes("--force") });
  for (const a of b.assets.values()) {
    console.log(
      `${a.path.padEnd(40)} ${String(a.body.length).padStart(8)} B  gzip ${
        String(a.gzip.length).padStart(7)
      } B  br ${String(a.brotli.length).padStart(7)} B`,
    );
  }
}
