/**
 * An engine process that crashes on "crash…" jobs (an uncaught error), exits on "exit…" jobs,
 * hangs on "hang…" jobs and refuses the others, to test the pool's recovery.
 */
import { encodeFrame, FrameReader } from "../../../src/server/worker_frames.ts";

const send = (m: unknown) => Deno.stdout.writeSync(encodeFrame(m));
const reader = new FrameReader();
send({ type: "ready" });
for await (const chunk of Deno.stdin.readable) {
  for (const { jobId } of reader.push(chunk) as { jobId: string }[]) {
    if (jobId.startsWith("crash")) throw new Error(`boom in ${jobId}`);
    if (jobId.startsWith("exit")) Deno.exit(3);
    if (jobId.startsWith("hang")) continue;
    send({ type: "error", jobId, message: "refused", issues: [] });
  }
}
