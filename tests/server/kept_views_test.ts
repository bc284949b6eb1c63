import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { Buffer } from "node:buffer";
import { KeptViews, stampOf } from "../../src/server/services/kept_views.ts";

const read = (b: Uint8Array | undefined) => b && JSON.parse(Buffer.from(b).toString("utf8"));

Deno.test("kept views: kept per id and stamp, least recently read dropped past the byte cap", () => {
  const view = (n: number) => ({ pad: "x".repeat(100), n });
  const size = Buffer.from(JSON.stringify(view(1))).byteLength;
  const views = new KeptViews(size * 3);
  views.put("a", "t1", view(1));
  views.put("b", "t1", view(2));
  views.put("c", "t1", view(3));
  assertEquals(views.bytes, size * 3);
  assertEquals(read(views.get("a", "t1")), view(1)); // a is now the most recently read
  assertEquals(views.get("a", "t2"), undefined); // another state of the row: not this view
  views.put("d", "t1", view(4)); // over the cap: b, the least recently read, goes
  assertEquals(views.get("b", "t1"), undefined);
  assertEquals(read(views.get("c", "t1")), view(3));
  assertEquals(read(views.get("d", "t1")), view(4));
  assertEquals(views.bytes, size * 3);
  views.put("a", "t2", view(5)); // a new state replaces the old one
  assertEquals(views.get("a", "t1"), undefined);
  assertEquals(read(views.get("a", "t2")), view(5));
  views.drop("a");
  assertEquals(views.get("a", "t2"), undefined);
  assertEquals(views.bytes, size * 2);
});

Deno.test("kept views: a view over the cap is answered but not kept; nothing kept with a cap of 0", () => {
  const none = new KeptViews(0);
  assertEquals(read(none.put("a", "t", { big: true })), { big: true });
  assertEquals(none.get("a", "t"), undefined);
  assertEquals(none.bytes, 0);
  // A stamp changes with any of status, last change and start count.
  const at = { status: "running" as const, updatedAt: "2026-01-01T00:00:00.000Z", attempts: 1 };
  const stamps = new Set([
    stampOf(at),
    stampOf({ ...at, status: "completed" }),
    stampOf({ ...at, updatedAt: "2026-01-01T00:00:00.001Z" }),
    stampOf({ ...at, attempts: 2 }),
  ]);
  assertEquals(stamps.size, 4);
  assertEquals(stampOf({ ...at }), stampOf(at));
});
