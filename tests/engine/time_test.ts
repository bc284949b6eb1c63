import {
  deepStrictEqual as assertEquals,
  match as assertMatch,
  throws as assertThrows,
} from "node:assert/strict";
import {
  addHours,
  formatInstant,
  parseStartTime,
  StartTimeError,
  zoneOffsetMinutes,
} from "../../src/engine/time.ts";

const BER = "Europe/Berlin";

Deno.test("parseStartTime() reads ISO 8601 with Z or an offset", () => {
  assertEquals(parseStartTime("2026-01-05T06:00:00Z", BER), Date.UTC(2026, 0, 5, 6));
  assertEquals(
    parseStartTime("2026-01-05T06:00:00.250+02:00", BER),
    Date.UTC(2026, 0, 5, 4, 0, 0, 250),
  );
  assertEquals(parseStartTime(" 2026-01-05 06:00-0130 ", "UTC"), Date.UTC(2026, 0, 5, 7, 30));
});

Deno.test("parseStartTime() reads naive times in the zone, winter and summer", () => {
  assertEquals(parseStartTime("2026-01-05 06:00", BER), Date.UTC(2026, 0, 5, 5));
  assertEquals(parseStartTime("2026-07-05T06:00:30", BER), Date.UTC(2026, 6, 5, 4, 0, 30));
  assertEquals(parseStartTime("2026-07-05", BER), Date.UTC(2026, 6, 4, 22));
  assertEquals(parseStartTime("2026-07-05 06:00:00.5", "UTC"), Date.UTC(2026, 6, 5, 6, 0, 0, 500));
});

Deno.test("parseStartTime() around DST: the missing hour moves forward, the repeated hour is read once", () => {
  // 02:30 does not exist on 2026-03-29 in Berlin (clocks jump 02:00 → 03:00).
  const gap = parseStartTime("2026-03-29 02:30", BER);
  assertEquals(formatInstant(gap, BER), "2026-03-29T03:30:00.000+02:00");
  // 02:30 happens twice on 2026-10-25; either reading prints back as 02:30 local.
  const fold = parseStartTime("2026-10-25 02:30", BER);
  assertMatch(formatInstant(fold, BER), /^2026-10-25T02:30:00\.000\+0[12]:00$/);
  assertEquals(parseStartTime("2026-03-29 01:59", BER), Date.UTC(2026, 2, 29, 0, 59));
  assertEquals(parseStartTime("2026-03-29 03:00", BER), Date.UTC(2026, 2, 29, 1, 0));
});

Deno.test("parseStartTime() rejects bad strings with a StartTimeError on startTime", () => {
  for (
    const bad of [
      "yesterday",
      "",
      "2026-1-5 06:00",
      "05.01.2026 06:00",
      "2026-01-05T06:00:00+25:00",
    ]
  ) {
    assertThrows(() => parseStartTime(bad, BER), (e: unknown) => {
      return e instanceof StartTimeError && e.field === "startTime" && /ISO 8601/.test(e.message);
    });
  }
  for (const unreal of ["2026-02-30 06:00", "2026-13-01", "2026-01-05 24:00", "2026-01-05 06:60"]) {
    assertThrows(() => parseStartTime(unreal, BER), /must be a real date and time, got/);
  }
});

Deno.test("formatInstant() prints milliseconds and the zone's offset", () => {
  const t = Date.UTC(2026, 0, 5, 5, 4, 3, 21);
  assertEquals(formatInstant(t), "2026-01-05T05:04:03.021Z");
  assertEquals(formatInstant(t, BER), "2026-01-05T06:04:03.021+01:00");
  assertEquals(formatInstant(t, "America/St_Johns"), "2026-01-05T01:34:03.021-03:30");
  assertEquals(formatInstant(t, "Asia/Kolkata"), "2026-01-05T10:34:03.021+05:30");
  assertEquals(formatInstant(t + 0.6, "UTC"), "2026-01-05T05:04:03.022Z");
  assertEquals(formatInstant(Date.UTC(2026, 6, 1), BER), "2026-07-01T02:00:00.000+02:00");
  assertEquals(formatInstant(Date.UTC(1969, 11, 31, 23, 59, 59, 999)), "1969-12-31T23:59:59.999Z");
});

Deno.test("zoneOffsetMinutes() changes at the exact DST instant, also for half-hour shifts", () => {
  assertEquals(zoneOffsetMinutes(Date.UTC(2026, 2, 29, 0, 59, 59), BER), 60);
  assertEquals(zoneOffsetMinutes(Date.UTC(2026, 2, 29, 1, 0, 0), BER), 120);
  assertEquals(zoneOffsetMinutes(Date.UTC(2026, 9, 25, 0, 59, 59), BER), 120);
  assertEquals(zoneOffsetMinutes(Date.UTC(2026, 9, 25, 1), BER), 60);
  // Lord Howe Island leaves DST on 2026-04-05 at 02:00 local (+11:00 → +10:30), 15:00 UTC the day before.
  const lh = "Australia/Lord_Howe";
  assertEquals(zoneOffsetMinutes(Date.UTC(2026, 3, 4, 14, 59, 59), lh), 660);
  assertEquals(zoneOffsetMinutes(Date.UTC(2026, 3, 4, 15), lh), 630);
  assertEquals(zoneOffsetMinutes(Date.UTC(2026, 3, 4, 20), lh), 630);
  assertEquals(zoneOffsetMinutes(Date.UTC(2026, 3, 4, 1), lh), 660);
  assertEquals(zoneOffsetMinutes(Date.UTC(2026, 3, 4, 1), "UTC"), 0);
});

Deno.test("addHours() adds exact hours, rounded to the millisecond", () => {
  assertEquals(addHours(1000, 1), 3_601_000);
  assertEquals(addHours(0, 1 / 3_600_000 / 3), 0);
  assertEquals(addHours(0, 100000 / 19920), Math.round(100000 / 19920 * 3_600_000));
});
