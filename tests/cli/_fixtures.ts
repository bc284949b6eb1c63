/** Temp folders and files for CLI tests. */

/** Runs `fn` in a fresh temp dir that is removed afterwards. */
export async function inTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "fillsched_cli_" });
  try {
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** A lots CSV with every kind of row error domain.md lists, one per line from line 2. */
export const BAD_LOTS_CSV = [
  "Lot ID,Type,Vials",
  ",T1,1000", // 2 empty id
  "B,,1000", // 3 empty type
  "C,T1,", // 4 vials missing
  "D,T1,12.5", // 5 not whole
  "E,T1,-4", // 6 <= 0
  "F,T1,1000", // 7
  "F,T1,2000", // 8 duplicate
  "G,T1,99999999", // 9 longer than the window
].join("\r\n");
