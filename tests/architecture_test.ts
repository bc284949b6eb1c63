/**
 * The house rules on imports, read from the source: the layers import only downwards, the engine
 * is entered through its door (`src/engine/mod.ts`, or `src/engine/core.ts` for browser bundles)
 * and imports nothing of the project outside itself.
 */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { dirname, join, normalize, relative } from "node:path";
import { REPO_ROOT } from "./_helpers/paths.ts";

const ENGINE_DOORS = ["src/engine/mod.ts", "src/engine/core.ts"];

/** Every .ts/.tsx file under `dir` (relative to the repo root). */
async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(join(REPO_ROOT, dir))) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory) out.push(...await sources(path));
    else if (/\.tsx?$/.test(e.name)) out.push(path);
  }
  return out;
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|new URL\(\s*)["']([^"']+)["']/g;

/** The project modules `file` imports or starts as workers (resolved from the repo root). */
async function importsOf(file: string): Promise<string[]> {
  const text = await Deno.readTextFile(join(REPO_ROOT, file));
  const out: string[] = [];
  for (const m of text.matchAll(SPECIFIER)) {
    const spec = m[1]!;
    // Deno imports name the file; a `new URL` to anything else (a folder, a CSV) is a path.
    if (spec.startsWith(".") && /\.tsx?$/.test(spec)) {
      out.push(normalize(join(dirname(file), spec)));
    }
  }
  return out;
}

/** `from → to` for every import that breaks `allowed`. */
async function breaches(
  dirs: readonly string[],
  allowed: (from: string, to: string) => boolean,
): Promise<string[]> {
  const bad: string[] = [];
  for (const dir of dirs) {
    for (const file of await sources(dir)) {
      for (const to of await importsOf(file)) if (!allowed(file, to)) bad.push(`${file} -> ${to}`);
    }
  }
  return bad;
}

const inside = (path: string, dir: string) => !relative(dir, path).startsWith("..");

Deno.test("code outside the engine enters it only through mod.ts or core.ts", async () => {
  const dirs = ["src", "scripts"];
  const bad = await breaches(
    dirs,
    (from, to) =>
      inside(from, "src/engine") || !inside(to, "src/engine") || ENGINE_DOORS.includes(to),
  );
  assertEquals(bad, []);
});

Deno.test("the engine imports nothing of the project outside src/engine", async () => {
  const bad = await breaches(["src/engine"], (_from, to) => inside(to, "src/engine"));
  assertEquals(bad, []);
});

/**
 * The layers from the top down; a file belongs to the first whose folder holds it. The web app
 * (`src/web/app/`) is a client above the server; the server builds and serves it with the rest of
 * `src/web/`.
 */
const LAYERS = [
  "scripts",
  "src/web/app",
  "src/cli",
  "src/server",
  "src/web",
  "src/reports",
  "src/db",
  "src/engine",
];

const layerOf = (path: string) => LAYERS.findIndex((l) => inside(path, l));

Deno.test("each layer imports only itself and the layers below it", async () => {
  const bad = await breaches(["src", "scripts"], (from, to) => {
    const l = layerOf(to);
    return l < 0 || l >= layerOf(from);
  });
  assertEquals(bad, []);
});

Deno.test("the import scan sees static, dynamic and worker imports", async () => {
  const found = await importsOf("src/engine/milp/run_worker.ts");
  assert(found.includes("src/engine/milp/milp_worker.ts"), found.join(", "));
});
