/**
 * Hostile values for fuzzing: binary, NUL, lookalikes, huge and odd numbers, prototype keys,
 * deep nesting and megabyte strings, mixed with ordinary ones so parsers get past their first
 * check. `fuzzRuns` reads FILLSCHED_FUZZ_RUNS (the full run) or uses a short default.
 */
import fc from "fast-check";

/** Cases per target: FILLSCHED_FUZZ_RUNS when set (e.g. 10000), else `short`. */
export function fuzzRuns(short: number): number {
  const n = Number(Deno.env.get("FILLSCHED_FUZZ_RUNS"));
  return Number.isInteger(n) && n > 0 ? n : short;
}

/** Keys that break naive object handling. */
export const PROTO_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty"];

/** Text that looks like something else: Cyrillic/Greek letters, fullwidth digits, zero widths. */
const LOOKALIKES = [
  "А1",
  "Ε2",
  "ＡＢＣ",
  "１２３",
  "1\u200b2",
  "\u202eabc",
  "\ufeffLot ID",
  "Lot\u00a0ID",
  "ⅼot id",
  "Vіals",
  "１e３",
  "٣",
  "𝟗𝟗",
  "\u0000",
  "\ud800",
  "\udfff",
  "é",
  "e\u0301",
];

/** Numbers as text that parsers get wrong. */
const ODD_NUMBERS = [
  "NaN",
  "Infinity",
  "-Infinity",
  "1e309",
  "-1e309",
  "9007199254740993",
  "-0",
  "0x10",
  "1_000",
  "0.1e1",
  "+5",
  "--5",
  "5.",
  ".5",
  "1e-400",
  "99999999999999999999999",
  "-1",
  "0",
  "12.0",
  "12.5",
  " 7 ",
  "7\t",
  "٧",
  "1,000",
];

/** A string a hostile client might send. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 40, arbitrary: fc.string() },
  { weight: 20, arbitrary: fc.string({ unit: "binary" }) },
  { weight: 20, arbitrary: fc.constantFrom(...LOOKALIKES, ...ODD_NUMBERS, ...PROTO_KEYS) },
  { weight: 10, arbitrary: fc.string({ unit: "grapheme", maxLength: 50 }) },
  {
    weight: 10,
    arbitrary: fc.tuple(fc.string({ maxLength: 3 }), fc.constantFrom("\0", "\r", "\n", '"', ","))
      .map(([s, c]) => `${s}${c}${s}`),
  },
  // Rare, so a run stays fast: strings of up to 1 MiB.
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 16 }).map((k) => "x".repeat(k << 16)) },
);

/** Numbers at the edges, including the ones JSON cannot carry (they become null or strings). */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(
    NaN,
    Infinity,
    -Infinity,
    -0,
    Number.MAX_SAFE_INTEGER + 2,
    -Number.MAX_VALUE,
    1e308,
    5e-324,
  ),
);

/** JSON nested `depth` deep (arrays or objects). */
export function deep(depth: number, leaf: unknown = 1): unknown {
  let v: unknown = leaf;
  for (let i = 1; i < depth; i++) v = i % 2 ? [v] : { a: v };
  // fast-check prints counterexamples recursively; a short name keeps that from overflowing.
  return Object.defineProperty({ a: v }, fc.toStringMethod, { value: () => `deep(${depth})` });
}

/** Any JSON-ish value, hostile leaves and keys included. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(fc.oneof(hostileString, fc.constantFrom(...PROTO_KEYS)), tie("value"), {
      maxKeys: 5,
    }),
    fc.integer({ min: 100, max: 5000 }).map((d) => deep(d)),
  ),
})).value;

/** Raw bytes, often not valid UTF-8. */
export const hostileBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 400 }),
  fc.constantFrom(
    new Uint8Array([0xff, 0xfe, 0xfd]),
    new Uint8Array([0xc3, 0x28]),
    new Uint8Array([0xed, 0xa0, 0x80]),
    new Uint8Array([0xf4, 0x90, 0x80, 0x80]),
    new Uint8Array([0x7b, 0x00, 0x7d]),
  ),
);
