/** Accounts: register, log in, change password, sign out everywhere (hashing, limits, vague errors). */
import { TRPCError } from "@trpc/server";
import type { App } from "../app.ts";
import {
  bumpTokenVersion,
  createUser,
  findPasswordHash,
  findUserByEmail,
  normalizeEmail,
  toUser,
  type User,
} from "../../db/users.ts";
import { badRequest, fail } from "../errors.ts";
import { passwordIssues } from "./password_policy.ts";
import { GateFullError } from "./work_gate.ts";

/** What register, login and changePassword answer. */
export interface Session {
  readonly token: string;
  readonly user: User;
}

/** Refuses when `address` or `account` used up their attempts (TOO_MANY_REQUESTS, retry-after). */
function checkLimits(app: App, address: string, account?: string): void {
  const a = app.auth;
  const wait = Math.max(
    a.addressAttempts.retryAfterSec(address),
    account === undefined ? 0 : a.accountAttempts.retryAfterSec(account),
  );
  if (wait > 0) {
    fail("TOO_MANY_REQUESTS", "RATE_LIMITED", `too many attempts; try again in ${wait} s`, {
      retryAfterSec: wait,
    });
  }
}

/** Runs password work; a full hashing queue becomes TOO_MANY_REQUESTS (retry in a second). */
async function hashing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (!(e instanceof GateFullError)) throw e;
    fail("TOO_MANY_REQUESTS", "SERVER_BUSY", "the server is busy checking passwords; retry", {
      retryAfterSec: 1,
    });
  }
}

function checkPolicy(password: string, email: string): void {
  const issues = passwordIssues(password, email);
  if (issues.length) badRequest("weak password", issues);
}

/** Creates a user and signs them in; CONFLICT when the email is taken. */
export async function register(
  app: App,
  email: string,
  password: string,
  address: string,
): Promise<Session> {
  checkLimits(app, address);
  app.auth.addressAttempts.hit(address);
  checkPolicy(password, email);
  const passwordHash = await hashing(() => app.auth.hash(password));
  const user = await createUser(app.db, { email, passwordHash, adminEmail: app.config.adminEmail });
  if (!user) {
    fail("CONFLICT", "EMAIL_TAKEN", "this email is already registered", { field: "email" });
  }
  return { token: await app.auth.issue(user, 0), user };
}

/** Signs a user in; the same UNAUTHORIZED for an unknown email and a wrong password. */
export async function login(
  app: App,
  email: string,
  password: string,
  address: string,
): Promise<Session> {
  const account = normalizeEmail(email);
  checkLimits(app, address, account);
  const row = await findUserByEmail(app.db, email);
  const ok = await hashing(() =>
    row ? app.auth.verify(password, row.password_hash) : app.auth.burn(password).then(() => false)
  );
  if (!row || !ok) {
    app.auth.addressAttempts.hit(address);
    app.auth.accountAttempts.hit(account);
    fail("UNAUTHORIZED", "WRONG_CREDENTIALS", "wrong email or password");
  }
  app.auth.accountAttempts.reset(account);
  const user = toUser(row);
  return { token: await app.auth.issue(user, row.token_version), user };
}

/**
 * Changes the password after checking the current one; every older token stops working (open
 * WebSockets signed with one are closed with 4401). Returns a fresh token.
 */
export async function changePassword(
  app: App,
  user: User,
  current: string,
  next: string,
  address: string,
): Promise<Session> {
  checkLimits(app, address, user.email);
  const stored = await findPasswordHash(app.db, user.id);
  if (stored === undefined) throw new TRPCError({ code: "UNAUTHORIZED", message: "sign in first" });
  if (!(await hashing(() => app.auth.verify(current, stored)))) {
    app.auth.addressAttempts.hit(address);
    app.auth.accountAttempts.hit(user.email);
    fail("UNAUTHORIZED", "WRONG_CREDENTIALS", "the current password is wrong", {
      field: "currentPassword",
    });
  }
  checkPolicy(next, user.email);
  if (next === current) {
    badRequest("weak password", [{
      code: "WEAK_PASSWORD",
      field: "newPassword",
      message: "the new password must differ from the current one",
    }]);
  }
  const hash = await hashing(() => app.auth.hash(next));
  const version = await bumpTokenVersion(app.db, user.id, hash);
  if (version === null) throw new TRPCError({ code: "UNAUTHORIZED", message: "sign in first" });
  app.auth.revoked(user.id);
  return { token: await app.auth.issue(user, version), user };
}

/** Revokes every token of the user, the caller's included. */
export async function logoutAll(app: App, user: User): Promise<{ revoked: true }> {
  await bumpTokenVersion(app.db, user.id);
  app.auth.revoked(user.id);
  return { revoked: true };
}
