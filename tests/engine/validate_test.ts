import {
  deepStrictEqual as assertEquals,
  match as assertMatch,
  ok as assert,
} from "node:assert/strict";
import { validateSchedule } from "../../src/engine/validate.ts";
import { planActivities } from "../../src/engine/planner.ts";
import type { Activity, Downtime, Lot } from "../../src/engine/model.ts";
import { ISSUE_CODES, type IssueCode } from "../../src/engine/issue_codes.ts";
import { lot, TINY } from "./_tiny.ts";

const a = lot("a", "T1", 2), b = lot("b", "T1", 3), c = lot("c", "T2", 1), d = lot("d", "T2", 4);
const LOTS = [a, b, c, d];
const good = () => planActivities([[a, b, c], [d]], TINY);

/** Lays `acts` back to back from hour 0, keeping each one's hours (so only the edit is wrong). */
function retime(acts: Omit<Activity, "startH" | "endH">[]): Activity[] {
  let t = 0;
  return acts.map((x) => {
    const out = { ...x, startH: t, endH: t + x.hours };
    t += x.hours;
    return out;
  });
}

function messages(acts: readonly Activity[], lots = LOTS): string {
  return validateSchedule(lots, acts, TINY).map((e) => e.message).join("\n");
}

Deno.test("validateSchedule() accepts the planner's output", () => {
  assertEquals(validateSchedule(LOTS, good(), TINY), []);
  assertEquals(validateSchedule([], [], TINY), []);
});

Deno.test("validateSchedule() finds a block over the window", () => {
  const acts = planActivities([[a, b, c, d]], TINY);
  assertMatch(messages(acts), /block 1 uses 15\.0000 h, over the 10 h window/);
});

Deno.test("validateSchedule() finds a split lot", () => {
  const acts = good();
  const half = { ...acts[3]!, hours: 1.5 };
  const split = retime([...acts.slice(0, 3), half, { ...acts[2]! }, half, ...acts.slice(4)]);
  const m = messages(split);
  assertMatch(m, /lot b is filled twice \(split\)/);
  assertMatch(m, /lot b fills 1\.5 h, needs 3 h/);
});

Deno.test("validateSchedule() finds a missing lot and an extra lot", () => {
  const acts = good();
  assertMatch(messages(retime(acts.slice(0, 4))), /lot c is never filled/);
  const extra = retime([...acts, { ...acts[2]! }, { ...acts[7]!, lotId: "zz" }]);
  const errs = validateSchedule(LOTS, extra, TINY);
  assert(errs.some((e) => /unknown lot "zz"/.test(e.message) && e.lotId === "zz"));
});

Deno.test("validateSchedule() finds a wrong changeover and a missing one", () => {
  const acts = good();
  const wrong = retime(acts.map((x, i) => (i === 2 ? { ...x, hours: 3 } : x)));
  assertMatch(messages(wrong), /lot b after T1 needs a 1 h changeover, got 3 h/);
  const none = retime([...acts.slice(0, 2), ...acts.slice(3)]);
  assertMatch(messages(none), /lot b has no changeover before it/);
});

Deno.test("validateSchedule() finds a gap and an overlap", () => {
  const acts = good();
  const gap = acts.map((
    x,
    i,
  ) => (i >= 3 ? { ...x, startH: x.startH + 0.5, endH: x.endH + 0.5 } : x));
  assertMatch(messages(gap), /activity 4: gap of 0\.500000 h before it/);
  const overlap = acts.map((
    x,
    i,
  ) => (i === 3 ? { ...x, startH: x.startH - 1, endH: x.endH - 1 } : x));
  const m = messages(overlap);
  assertMatch(m, /activity 4: overlap of 1\.000000 h before it/);
  const badLen = acts.map((x, i) => (i === 1 ? { ...x, endH: x.endH + 1 } : x));
  assertMatch(messages(badLen), /activity 2: duration does not match/);
});

Deno.test("validateSchedule() wants a CLEAN first and none last", () => {
  const acts = good();
  assertMatch(messages(retime(acts.slice(1))), /must start with a CLEAN/);
  const trailing = retime([...acts, { ...acts[0]! }]);
  const m = messages(trailing);
  assertMatch(m, /a CLEAN after the last block/);
  assertMatch(m, /block 3 is empty/);
});

Deno.test("validateSchedule() checks clean length, types and changeover placement", () => {
  const acts = good();
  assertMatch(
    messages(retime(acts.map((x, i) => (i === 0 ? { ...x, hours: 1 } : x)))),
    /CLEAN lasts 1 h, not 2 h/,
  );
  const typed = acts.map((x, i) => (i === 1 ? { ...x, lotType: "T9" } : x));
  assertMatch(messages(typed), /lot a has type T9, the input says T1/);
  const chgFirst = retime([acts[0]!, { ...acts[2]! }, ...acts.slice(1)]);
  assertMatch(messages(chgFirst), /changeover right after a CLEAN/);
  const twoChg = retime([...acts.slice(0, 3), { ...acts[2]! }, ...acts.slice(3)]);
  assertMatch(messages(twoChg), /two changeovers in a row/);
  const endsChg = retime([...acts, { ...acts[2]! }]);
  assertMatch(messages(endsChg), /ends with a changeover/);
  const chgBeforeClean = retime([...acts.slice(0, 6), { ...acts[2]! }, ...acts.slice(6)]);
  assertMatch(messages(chgBeforeClean), /changeover not followed by a fill/);
  assertMatch(messages([], LOTS), /schedule is empty/);
});

/** One way to break a valid schedule, and the code the validator must give it. */
type Breaker = (
  acts: Activity[],
  k: { fill: number; chg: number; lots: Lot[] },
) => { acts: Activity[]; lots?: Lot[]; downtimes?: Downtime[] };

const BREAKERS: Record<string, Breaker> = {
  SCHEDULE_EMPTY: () => ({ acts: [] }),
  NO_INITIAL_CLEAN: (acts) => ({ acts: retime(acts.slice(1)) }),
  DURATION_MISMATCH: (acts, k) => ({
    acts: acts.map((x, i) => i === k.fill ? { ...x, hours: x.hours + 0.5 } : x),
  }),
  ACTIVITY_GAP: (acts, k) => ({
    acts: acts.map((x, i) => i >= k.fill ? { ...x, startH: x.startH + 1, endH: x.endH + 1 } : x),
  }),
  ACTIVITY_OVERLAP: (acts, k) => ({
    acts: acts.map((x, i) => i >= k.fill ? { ...x, startH: x.startH - 1, endH: x.endH - 1 } : x),
  }),
  CLEAN_DURATION: (acts) => ({
    acts: retime(acts.map((x, i) => i === 0 ? { ...x, hours: 0.5 } : x)),
  }),
  WINDOW_EXCEEDED: (_, k) => ({ acts: planActivities([k.lots], TINY) }),
  EMPTY_BLOCK: (acts) => ({ acts: retime([acts[0]!, ...acts]) }),
  CHANGEOVER_AFTER_CLEAN: (acts, k) => ({
    acts: retime([acts[0]!, acts[k.chg]!, ...acts.slice(1)]),
  }),
  CHANGEOVER_TWICE: (acts, k) => ({
    acts: retime([...acts.slice(0, k.chg), acts[k.chg]!, ...acts.slice(k.chg)]),
  }),
  CHANGEOVER_WITHOUT_FILL: (acts, k) => ({ acts: retime([...acts, acts[k.chg]!]) }),
  CHANGEOVER_MISSING: (acts, k) => ({ acts: retime(acts.filter((_, i) => i !== k.chg)) }),
  CHANGEOVER_DURATION: (acts, k) => ({
    acts: retime(acts.map((x, i) => i === k.chg ? { ...x, hours: x.hours + 7 } : x)),
  }),
  LOT_NOT_IN_INPUT: (acts, k) => ({
    acts: acts.map((x, i) => i === k.fill ? { ...x, lotId: "nobody" } : x),
  }),
  LOT_FILLED_TWICE: (acts, k) => ({ acts: retime([...acts, acts[k.chg]!, acts[k.fill]!]) }),
  LOT_NOT_FILLED: (acts, k) => ({ acts, lots: [...k.lots, lot("extra", "T1", 1)] }),
  LOT_TYPE_MISMATCH: (acts, k) => ({
    acts: acts.map((x, i) => i === k.fill ? { ...x, lotType: "other" } : x),
  }),
  FILL_DURATION: (acts, k) => ({
    acts: retime(acts.map((x, i) => i === k.fill ? { ...x, hours: x.hours * 2 } : x)),
  }),
  TRAILING_CLEAN: (acts) => ({ acts: retime([...acts, acts[0]!]) }),
  DOWNTIME_OVERLAP: (acts, k) => ({
    acts,
    downtimes: [{ startH: acts[k.fill]!.startH, endH: acts[k.fill]!.endH, reason: "audit" }],
  }),
};

Deno.test("validateSchedule() gives every violation kind its own code, on random schedules", () => {
  const codes = Object.keys(ISSUE_CODES).filter((c) =>
    Object.keys(ISSUE_CODES).indexOf(c) >= Object.keys(ISSUE_CODES).indexOf("SCHEDULE_EMPTY") &&
    Object.keys(ISSUE_CODES).indexOf(c) <= Object.keys(ISSUE_CODES).indexOf("DOWNTIME_OVERLAP")
  );
  assertEquals(Object.keys(BREAKERS).sort(), [...codes].sort());
  let rnd = 7;
  const next = () => ((rnd = (Math.imul(rnd, 1103515245) + 12345) >>> 0) / 4294967296);
  for (let seed = 0; seed < 10; seed++) {
    // 3–6 lots of two types, each block holding two lots (so there is a changeover to break).
    const lots = Array.from(
      { length: 3 + Math.floor(next() * 4) },
      (_, i) => lot(`L${i}`, next() < 0.5 ? "T1" : "T2", 1 + Math.floor(next() * 3)),
    );
    const plan = [];
    for (let i = 0; i < lots.length; i += 2) plan.push(lots.slice(i, i + 2));
    const acts = planActivities(plan, TINY);
    assertEquals(validateSchedule(lots, acts, TINY), []);
    const chg = acts.findIndex((a) => a.kind === "CHANGEOVER");
    const fill = acts.findIndex((a, i) => a.kind === "FILL" && i > chg);
    for (const [code, breaker] of Object.entries(BREAKERS)) {
      const broken = breaker(acts, { fill, chg, lots });
      const found = validateSchedule(broken.lots ?? lots, broken.acts, TINY, broken.downtimes)
        .map((i) => i.code);
      assert(found.includes(code as IssueCode), `seed ${seed}: ${code} not in ${found}`);
    }
  }
});
