/** The flags of `deno task loadtest`, read by the server side and by its client process. */

const bench = (f: string) => new URL(`../bench/public/${f}`, import.meta.url).pathname;

/** Subscriptions per WebSocket in the fan-out phase. */
export const PER_SOCKET = 20;

export const LOADTEST_OPTIONS = {
  help: { type: "boolean", short: "h" },
  clients: { type: "string", default: "50" },
  lots: {
    type: "string",
    default: ["uniform_n500_t4.csv", "bimodal_n500_t4.csv", "skewed_n500_t10.csv"].map(bench)
      .join(","),
  },
  strategy: { type: "string", default: "smart-pack" },
  subscribers: { type: "string", default: "1000" },
  "soak-minutes": { type: "string", default: "0" },
  "max-seconds": { type: "string", default: "600" },
  "poll-ms": { type: "string", default: "250" },
  lockstep: { type: "boolean", default: false },
} as const;

export const LOADTEST_USAGE = "Usage: deno task loadtest [--clients 50] [--lots FILE,...] " +
  "[--strategy S] [--subscribers 1000] [--soak-minutes 0] [--max-seconds 600] [--poll-ms 250] [--lockstep]";
