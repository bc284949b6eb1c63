/** strategies.list: what the engine offers (public). */
import { registry } from "../../engine/mod.ts";
import { publicProcedure, router } from "../trpc.ts";
import { noInput } from "./_inputs.ts";

/** `strategies.*`. */
export const strategiesRouter = router({
  list: publicProcedure.input(noInput).query(() =>
    registry.list().map((s) => ({
      name: s.name,
      aliases: [...s.aliases],
      description: s.description,
      kind: s.kind,
      options: s.options.map((o) => ({ ...o, ...(o.values ? { values: [...o.values] } : {}) })),
    }))
  ),
});
