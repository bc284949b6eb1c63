/** Paths used by tests: the repo root and its `bench/` folder (instances, reference bounds). */
import { fileURLToPath } from "node:url";

/** Absolute path of the repository root. */
export const REPO_ROOT: string = fileURLToPath(new URL("../../", import.meta.url)).replace(
  /\/$/,
  "",
);

/** A file under the repository root. */
export function repoPath(rel: string): string {
  return `${REPO_ROOT}/${rel}`;
}

/** A file under the repository's `bench/` folder, e.g. `benchPath("seed/lots.csv")`. */
export function benchPath(rel: string): string {
  return repoPath(`bench/${rel}`);
}

/** The seed's 15-lot example. */
export const SEED_LOTS: string = benchPath("seed/lots.csv");
