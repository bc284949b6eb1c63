/** Template rows ↔ the API's view. */
import { z } from "zod";
import type { TemplateRow } from "../schema.ts";
import { decode } from "./values.ts";

/** A config template as the API returns it. */
export interface TemplateView {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly config: Record<string, unknown>;
  readonly isDefault: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A template's stored config layer (checked when it was stored, so any keys may be there). */
export function decodeTemplateConfig(text: string): Record<string, unknown> {
  return decode("config_json", text, z.record(z.string(), z.unknown()));
}

/** Row → template. */
export function toTemplateView(row: TemplateRow, defaultId: string | null): TemplateView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    config: decodeTemplateConfig(row.config_json),
    isDefault: row.id === defaultId,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
