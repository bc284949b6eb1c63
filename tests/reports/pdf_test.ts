import { deepStrictEqual as assertEquals, ok as assert, rejects } from "node:assert/strict";
import { ChromiumMissingError, findChromium, htmlToPdf } from "../../src/reports/pdf.ts";
import { startTestApp, trpcError } from "../_helpers/test_app.ts";
import { pollUntil } from "../_helpers/poll.ts";
import { repoPath } from "../_helpers/paths.ts";

Deno.test("pdf: prints an HTML page with headless Chromium", async () => {
  const pdf = await htmlToPdf("<!doctype html><p>one</p><p style='break-before:page'>two</p>");
  assertEquals(new TextDecoder().decode(pdf.slice(0, 5)), "%PDF-");
  const pages = new TextDecoder("latin1").decode(pdf).match(/\/Type\s*\/Page[^s]/g)?.length;
  assertEquals(pages, 2);
});

Deno.test("pdf: without Chromium the error names what to install; other exports still work", async () => {
  assertEquals(findChromium({ FILLSCHED_CHROMIUM: "/nonexistent/chromium" }), null);
  const before = Deno.env.get("FILLSCHED_CHROMIUM");
  Deno.env.set("FILLSCHED_CHROMIUM", "/nonexistent/chromium");
  try {
    await rejects(htmlToPdf("<p>x</p>"), ChromiumMissingError);
    await using t = await startTestApp();
    const { client } = await t.signUp();
    const { id } = await client.schedule.create.mutate({
      csv: await Deno.readTextFile(repoPath("examples/lots.csv")),
      strategy: "spt",
    });
    await pollUntil(() => client.schedule.get.query({ id }));
    const err = await trpcError(
      () => client.schedule.export.query({ id, format: "pdf" }),
      "PRECONDITION_FAILED",
    );
    assert(err.message.includes("apt-get install chromium"), err.message);
    const html = await client.schedule.export.query({ id, format: "html" });
    assert(html.content.startsWith("<!doctype html>"));
    const xlsx = await client.schedule.export.query({ id, format: "xlsx" });
    assertEquals(xlsx.encoding, "base64");
  } finally {
    if (before === undefined) Deno.env.delete("FILLSCHED_CHROMIUM");
    else Deno.env.set("FILLSCHED_CHROMIUM", before);
  }
});
