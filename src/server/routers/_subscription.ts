/** Opening a subscription: counted per channel and, on a WebSocket, capped per socket. */
import type { Context } from "../context.ts";
import { fail } from "../errors.ts";

/** Counts a subscription on `channel`; TOO_MANY_REQUESTS when the socket holds the most allowed. */
export function openSubscription(ctx: Context, channel: string): () => void {
  const max = ctx.app.config.wsMaxSubscriptions;
  const end = ctx.app.events.live.subscribed(channel, ctx.connection, max);
  if (end) return end;
  return fail(
    "TOO_MANY_REQUESTS",
    "TOO_MANY_SUBSCRIPTIONS",
    `this connection already holds ${max} subscriptions; stop one or open another connection`,
  );
}
