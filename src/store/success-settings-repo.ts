// The workspace's customer-success settings (one row in success_settings): read back over the
// defaults (a workspace that never saved any gets DEFAULT_SUCCESS_SETTINGS), and saved whole once
// the route has validated them (src/core/success-settings.ts).
import type { Kysely } from 'kysely';
import { withDefaults, type SuccessSettings } from '../core/success-settings.js';
import type { Database } from './schema.js';

export type StoredSuccessSettings = { settings: SuccessSettings; updatedAt: Date | null; updatedBy: string | null };

/** The settings with when and by whom they were last saved (null: never, the defaults apply). */
export async function readSuccessSettings(db: Kysely<Database>, workspaceId: string): Promise<StoredSuccessSettings> {
  const row = await db.selectFrom('success_settings').select(['config', 'updated_at', 'updated_by'])
    .where('workspace_id', '=', workspaceId).executeTakeFirst();
  if (!row) return { settings: withDefaults(undefined), updatedAt: null, updatedBy: null };
  return { settings: withDefaults(row.config), updatedAt: new Date(row.updated_at), updatedBy: row.updated_by };
}

/** The workspace's settings: what it saved over the defaults, else the defaults. */
export async function loadSuccessSettings(db: Kysely<Database>, workspaceId: string): Promise<SuccessSettings> {
  return (await readSuccessSettings(db, workspaceId)).settings;
}

/** Saves validated settings whole (replacing what was stored). */
export async function saveSuccessSettings(db: Kysely<Database>, workspaceId: string, settings: SuccessSettings, by: string | null, at: Date): Promise<void> {
  const config = JSON.stringify(settings);
  await db.insertInto('success_settings')
    .values({ workspace_id: workspaceId, config, updated_at: at, updated_by: by })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ config, updated_at: at, updated_by: by }))
    .execute();
}
