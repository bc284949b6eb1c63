/** Register and log in: the rules around users (hashing, admin role, vague login errors). */
import { TRPCError } from "@trpc/server";
import type { App } from "../app.ts";
import { createUser, findUserByEmail, toUser, type User } from "../../db/users.ts";
import { hashPassword, verifyPassword } from "./auth.ts";

/** What register and login answer. */
export interface Session {
  readonly token: string;
  readonly user: User;
}

/** Creates a user and signs them in; CONFLICT when the email is taken. */
export async function register(app: App, email: string, password: string): Promise<Session> {
  const passwordHash = await hashPassword(password);
  const user = await createUser(app.db, { email, passwordHash, adminEmail: app.config.adminEmail });
  if (!user) throw new TRPCError({ code: "CONFLICT", message: "this email is already registered" });
  return { token: await app.auth.issue(user), user };
}

/** Signs a user in; the same UNAUTHORIZED for an unknown email and a wrong password. */
export async function login(app: App, email: string, password: string): Promise<Session> {
  const row = await findUserByEmail(app.db, email);
  const ok = row
    ? await verifyPassword(password, row.password_hash)
    : await app.auth.burn(password);
  if (!row || !ok) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "wrong email or password" });
  }
  const user = toUser(row);
  return { token: await app.auth.issue(user), user };
}
