/**
 * The block-packing model of a filling line, below search/, bounds/ and milp/ (which import it,
 * never each other's model): the line in packing terms, the grouped form (lots of one type and
 * size as one group, for LPs and MILPs), the per-lot instance (typed arrays, for search) and
 * first fit by type over the form.
 */
export * from "./terms.ts";
export * from "./form.ts";
export * from "./first_fit.ts";
export * from "./instance.ts";
