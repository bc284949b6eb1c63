/** Paths shared by tests: the repo root and the `shared/` folder beside it (bench, tools). */
import { fileURLToPath } from "node:url";

/** Absolute path of the repository root. */
export const REPO_ROOT: string = fileURLToPath(new URL("../../", import.meta.url)).replace(
  /\/$/,
  "",
);

/** Absolute path of the `shared/` folder that sits beside the repository. */
export const SHARED_DIR: string = fileURLToPath(new URL("../../../shared/", import.meta.url))
  .replace(/\/$/, "");

/** A file under `shared/`, e.g. `sharedPath("bench/seed/lots.csv")`. */
export function sharedPath(rel: string): string {
  return `${SHARED_DIR}/${rel}`;
}

/** A file under the repository root. */
export function repoPath(rel: string): string {
  return `${REPO_ROOT}/${rel}`;
}

/** The seed's 15-lot example. */
export const SEED_LOTS: string = sharedPath("bench/seed/lots.csv");
