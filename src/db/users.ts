/** Users: create (first user or the configured admin email becomes admin), find, default template. */
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
    };
    await tx.insertInto("users").values(row).execute();
    return toUser(row);
  });
}

/** The user row with this email (for login), or undefined. */
export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return await db.selectFrom("users").selectAll().where("email", "=", normalizeEmail(email))
    .executeTakeFirst();
}

/** The user with this id, or null. */
export async function findUserById(db: Db, id: string): Promise<User | null> {
  const row = await db.selectFrom("users").select(["id", "email", "role", "created_at"])
    .where("id", "=", id).executeTakeFirst();
  return row ? toUser(row) : null;
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
