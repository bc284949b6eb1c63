/** Config templates: per-user named config layers (owner-scoped CRUD), read as views. */
import { decodeTemplateConfig, type TemplateView, toTemplateView } from "./codec/templates.ts";
import { encode, nowIso } from "./codec/values.ts";
import { isUniqueViolation } from "./dialects.ts";
import type { Db } from "./open.ts";
import type { TemplateRow } from "./schema.ts";
import { getDefaultTemplateId } from "./users.ts";

/** Stores a template; null if the owner already has one with this name. */
export async function insertTemplate(
  db: Db,
  ownerId: string,
  t: { name: string; description: string; config: Record<string, unknown> },
): Promise<TemplateView | null> {
  const at = nowIso();
  const row: TemplateRow = {
    id: crypto.randomUUID(),
    owner_id: ownerId,
    name: t.name,
    description: t.description,
    config_json: encode(t.config),
    created_at: at,
    updated_at: at,
  };
  const taken = await findTemplateByName(db, ownerId, t.name);
  if (taken) return null;
  try {
    await db.insertInto("config_templates").values(row).execute();
  } catch (e) {
    // The same name stored meanwhile by a concurrent request.
    if (isUniqueViolation(e)) return null;
    throw e;
  }
  return toTemplateView(row, await getDefaultTemplateId(db, ownerId));
}

async function findTemplateByName(db: Db, ownerId: string, name: string) {
  return await db.selectFrom("config_templates").select("id")
    .where("owner_id", "=", ownerId).where("name", "=", name).executeTakeFirst();
}

async function ownedRow(db: Db, ownerId: string, id: string): Promise<TemplateRow | undefined> {
  return await db.selectFrom("config_templates").selectAll()
    .where("id", "=", id).where("owner_id", "=", ownerId).executeTakeFirst();
}

/** The owner's template, or null. */
export async function findTemplate(
  db: Db,
  ownerId: string,
  id: string,
): Promise<TemplateView | null> {
  const row = await ownedRow(db, ownerId, id);
  return row ? toTemplateView(row, await getDefaultTemplateId(db, ownerId)) : null;
}

/** The config layer of the owner's template, or null. */
export async function findTemplateConfig(
  db: Db,
  ownerId: string,
  id: string,
): Promise<Record<string, unknown> | null> {
  const row = await db.selectFrom("config_templates").select("config_json")
    .where("id", "=", id).where("owner_id", "=", ownerId).executeTakeFirst();
  return row ? decodeTemplateConfig(row.config_json) : null;
}

/** All the owner's templates by name. */
export async function listTemplateViews(db: Db, ownerId: string): Promise<TemplateView[]> {
  const def = await getDefaultTemplateId(db, ownerId);
  const rows = await db.selectFrom("config_templates").selectAll().where("owner_id", "=", ownerId)
    .orderBy("name").execute();
  return rows.map((r) => toTemplateView(r, def));
}

/** Changes a template; "missing" if not the owner's, "taken" if the new name is used. */
export async function updateTemplateRow(
  db: Db,
  ownerId: string,
  id: string,
  patch: {
    name?: string | undefined;
    description?: string | undefined;
    config?: Record<string, unknown> | undefined;
  },
): Promise<TemplateView | "missing" | "taken"> {
  const current = await ownedRow(db, ownerId, id);
  if (!current) return "missing";
  if (patch.name !== undefined && patch.name !== current.name) {
    if (await findTemplateByName(db, ownerId, patch.name)) return "taken";
  }
  const next: TemplateRow = {
    ...current,
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.description !== undefined ? { description: patch.description } : {}),
    ...(patch.config !== undefined ? { config_json: encode(patch.config) } : {}),
    updated_at: nowIso(),
  };
  await db.updateTable("config_templates").set({
    name: next.name,
    description: next.description,
    config_json: next.config_json,
    updated_at: next.updated_at,
  }).where("id", "=", id).where("owner_id", "=", ownerId).execute();
  return toTemplateView(next, await getDefaultTemplateId(db, ownerId));
}

/** Deletes the owner's template and clears it as their default; false if there was none. */
export async function deleteTemplateRow(db: Db, ownerId: string, id: string): Promise<boolean> {
  return await db.transaction().execute(async (tx) => {
    const r = await tx.deleteFrom("config_templates").where("id", "=", id)
      .where("owner_id", "=", ownerId).executeTakeFirst();
    if (r.numDeletedRows === 0n) return false;
    await tx.updateTable("users").set({ default_template_id: null })
      .where("id", "=", ownerId).where("default_template_id", "=", id).execute();
    return true;
  });
}
