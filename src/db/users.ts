/** Users: create (first user or the configured admin email becomes admin), find, default template. */
import { isUniqueViolation } from "./dialects.ts";
import type { Db } from "./open.ts";
import type { Role, UserRow } from "./schema.ts";

/** The public face of a user. */
export interface User {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
  readonly createdAt: string;
}

/** Emails compare case-insensitively; we store them trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Row → User. */
export function toUser(row: Pick<UserRow, "id" | "email" | "role" | "created_at">): User {
  return { id: row.id, email: row.email, role: row.role, createdAt: row.created_at };
}

/** Inserts a user; null when the email is taken. The first user, or `adminEmail`, is admin. */
export async function createUser(
  db: Db,
  input: { email: string; passwordHash: string; adminEmail?: string | null },
): Promise<User | null> {
  const email = normalizeEmail(input.email);
  // A concurrent registration of the same email (another instance, say) loses on the unique key.
  return await db.transaction().execute(async (tx) => {
    const taken = await tx.selectFrom("users").select("id").where("email", "=", email)
      .executeTakeFirst();
    if (taken) return null;
    const any = await tx.selectFrom("users").select("id").limit(1).executeTakeFirst();
    const isAdmin = !any ||
      (input.adminEmail != null && normalizeEmail(input.adminEmail) === email);
    const row = {
      id: crypto.randomUUID(),
      email,
      password_hash: input.passwordHash,
      role: (isAdmin ? "admin" : "user") as Role,
      default_template_id: null,
      created_at: new Date().toISOString(),
      token_version: 0,
    };
    await tx.insertInto("users").values(row).execute();
    return toUser(row);
  }).catch((e) => {
    if (isUniqueViolation(e)) return null;
    throw e;
  });
}

/** The user row with this email (for login), or undefined. */
export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return await db.selectFrom("users").selectAll().where("email", "=", normalizeEmail(email))
    .executeTakeFirst();
}

/** The user with this id, or null. */
export async function findUserById(db: Db, id: string): Promise<User | null> {
  return (await findSessionUser(db, id))?.user ?? null;
}

/** The user with this id and their current token version, or null. */
export async function findSessionUser(
  db: Db,
  id: string,
): Promise<{ user: User; tokenVersion: number } | null> {
  const row = await db.selectFrom("users")
    .select(["id", "email", "role", "created_at", "token_version"])
    .where("id", "=", id).executeTakeFirst();
  return row ? { user: toUser(row), tokenVersion: row.token_version } : null;
}

/** The user's password hash, or undefined. */
export async function findPasswordHash(db: Db, id: string): Promise<string | undefined> {
  const row = await db.selectFrom("users").select("password_hash").where("id", "=", id)
    .executeTakeFirst();
  return row?.password_hash;
}

/**
 * Bumps the user's token version (revoking every token issued before), optionally setting a new
 * password hash in the same write. Returns the new version, or null if the user is gone.
 */
export async function bumpTokenVersion(
  db: Db,
  id: string,
  passwordHash?: string,
): Promise<number | null> {
  const row = await db.updateTable("users")
    .set((eb) => ({
      token_version: eb("token_version", "+", 1),
      ...(passwordHash !== undefined ? { password_hash: passwordHash } : {}),
    }))
    .where("id", "=", id).returning("token_version").executeTakeFirst();
  return row?.token_version ?? null;
}

/** The user's default template id, or null. */
export async function getDefaultTemplateId(db: Db, userId: string): Promise<string | null> {
  const row = await db.selectFrom("users").select("default_template_id").where("id", "=", userId)
    .executeTakeFirst();
  return row?.default_template_id ?? null;
}

/** Sets (or clears with null) the user's default template. */
export async function setDefaultTemplateId(
  db: Db,
  userId: string,
  templateId: string | null,
): Promise<void> {
  await db.updateTable("users").set({ default_template_id: templateId }).where("id", "=", userId)
    .execute();
}
