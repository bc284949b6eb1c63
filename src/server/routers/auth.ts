/** auth: register, login (public); me, changePassword, logoutAll (signed in). */
import { z } from "zod";
import { changePassword, login, logoutAll, register } from "../services/users.ts";
import { PASSWORD_MAX, PASSWORD_MIN } from "../services/password_policy.ts";
import { authedProcedure, publicProcedure, router } from "../trpc.ts";
import { noInput } from "./_inputs.ts";

/** A password as typed; the content rules are the password policy's (services/password_policy.ts). */
const password = z.string().max(PASSWORD_MAX);
/** A new password: its length is checked here so it is listed with the other field errors. */
const newPassword = password.min(
  PASSWORD_MIN,
  `password must have at least ${PASSWORD_MIN} characters`,
);

const credentials = z.strictObject({
  email: z.string().trim().email("email must be a valid address").max(254),
  password: newPassword,
});

/** `auth.*` procedures. */
export const authRouter = router({
  register: publicProcedure.input(credentials).mutation(({ ctx, input }) =>
    register(ctx.app, input.email, input.password, ctx.address)
  ),
  login: publicProcedure.input(
    z.strictObject({ email: z.string().trim().max(254), password }),
  )
    .mutation(({ ctx, input }) => login(ctx.app, input.email, input.password, ctx.address)),
  me: authedProcedure.input(noInput).query(({ ctx }) => ctx.user),
  /** Needs the current password; revokes every older token and returns a fresh one. */
  changePassword: authedProcedure.input(
    z.strictObject({ currentPassword: password, newPassword }),
  ).mutation(({ ctx, input }) =>
    changePassword(ctx.app, ctx.user, input.currentPassword, input.newPassword, ctx.address)
  ),
  /** Signs out everywhere: every token of the caller stops working, open sockets close (4401). */
  logoutAll: authedProcedure.input(noInput).mutation(({ ctx }) => logoutAll(ctx.app, ctx.user)),
});
