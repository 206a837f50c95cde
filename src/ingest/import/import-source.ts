// The source an import writes to: an `import` source of the workspace, found by name and created
// on first use. Its id namespaces every id the import stores (transform.ts).
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { createSecretBox } from '../../store/secret-box.js';
import { createSource, listSources, type Source } from '../../store/sources-repo.js';

export class ImportSourceError extends Error {
  override readonly name = 'ImportSourceError';
}

/** The trimmed name, or an ImportSourceError saying what is wrong with it. */
export function importSourceName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 100) throw new ImportSourceError('the source name must be 1 to 100 characters');
  return trimmed;
}

/** The workspace's import source of this name; null when there is none. A source of another
 *  provider with the name is refused (an import never writes into a Stripe or PayPal source). */
export async function findImportSource(db: Kysely<Database>, workspaceId: string, name: string): Promise<Source | null> {
  const sources = (await listSources(db, workspaceId)).filter((s) => s.name === name);
  const other = sources.find((s) => s.provider !== 'import');
  if (sources.length > 0 && !sources.some((s) => s.provider === 'import') && other) {
    throw new ImportSourceError(`the source "${name}" is a ${other.provider} source: name an import source (or a new name, to create one)`);
  }
  return sources.find((s) => s.provider === 'import') ?? null;
}

export async function createImportSource(db: Kysely<Database>, workspaceId: string, name: string): Promise<Source> {
  // An import source holds no secret: the box is never asked to seal anything.
  return createSource(db, createSecretBox(undefined), { workspaceId, provider: 'import', name, mode: 'live' });
}
