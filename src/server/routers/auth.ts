/** auth: register, login (public) and me. */
import { z } from "zod";
import { login, register } from "../services/users.ts";
import { authedProcedure, publicProcedure, router } from "../trpc.ts";

const credentials = z.object({
  email: z.string().trim().email("email must be a valid address").max(254),
  password: z.string().min(8, "password must have at least 8 characters").max(256),
});

/** `auth.*` procedures. */
export const authRouter = router({
  register: publicProcedure.input(credentials).mutation(({ ctx, input }) =>
    register(ctx.app, input.email, input.password)
  ),
  login: publicProcedure.input(
    z.object({ email: z.string().trim().max(254), password: z.string().max(256) }),
  )
    .mutation(({ ctx, input }) => login(ctx.app, input.email, input.password)),
  me: authedProcedure.query(({ ctx }) => ctx.user),
});
