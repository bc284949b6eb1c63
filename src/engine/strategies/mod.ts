/** The registry of every strategy: one import and one list entry per strategy. */
import { Registry } from "../registry.ts";
import { givenOrder } from "./given_order.ts";

/** All strategies the engine offers, in display order. */
export const registry: Registry = new Registry([
  givenOrder,
]);
