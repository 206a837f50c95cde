import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { newId } from './ids.js';

export type Workspace = {
  id: string;
  name: string;
  slug: string;
  reportingCurrency: string;
  preset: 'default' | 'stripe' | 'chartmogul';
  isDemo: boolean;
  mrrTarget: number | null;
};

const columns = ['workspace_id', 'name', 'slug', 'reporting_currency', 'preset', 'is_demo', 'mrr_target'] as const;

function toWorkspace(row: {
  workspace_id: string;
  name: string;
  slug: string;
  reporting_currency: string;
  preset: Workspace['preset'];
  is_demo: boolean;
  mrr_target: number | null;
}): Workspace {
  return {
    id: row.workspace_id,
    name: row.name,
    slug: row.slug,
    reportingCurrency: row.reporting_currency,
    preset: row.preset,
    isDemo: row.is_demo,
    mrrTarget: row.mrr_target,
  };
}

export async function findWorkspace(db: Kysely<Database>, workspaceId: string): Promise<Workspace | null> {
  const row = await db.selectFrom('workspaces').select(columns).where('workspace_id', '=', workspaceId).executeTakeFirst();
  return row ? toWorkspace(row) : null;
}

export async function findWorkspaceBySlug(db: Kysely<Database>, slug: string): Promise<Workspace | null> {
  const row = await db.selectFrom('workspaces').select(columns).where('slug', '=', slug).executeTakeFirst();
  return row ? toWorkspace(row) : null;
}

export async function listWorkspaces(db: Kysely<Database>): Promise<Workspace[]> {
  const rows = await db.selectFrom('workspaces').select(columns).orderBy('is_demo', 'desc').orderBy('created_at').execute();
  return rows.map(toWorkspace);
}

/** Returns the workspace with this slug, creating it when absent. */
export async function ensureWorkspace(
  db: Kysely<Database>,
  input: { slug: string; name: string; isDemo?: boolean; reportingCurrency?: string; mrrTarget?: number | null },
): Promise<Workspace> {
  await db
    .insertInto('workspaces')
    .values({
      workspace_id: newId('ws'),
      slug: input.slug,
      name: input.name,
      is_demo: input.isDemo ?? false,
      reporting_currency: input.reportingCurrency ?? 'usd',
      mrr_target: input.mrrTarget ?? null,
    })
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
  const workspace = await findWorkspaceBySlug(db, input.slug);
  if (!workspace) throw new Error(`workspace ${input.slug} could not be created`);
  return workspace;
}
