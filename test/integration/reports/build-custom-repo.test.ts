// The custom-report repository on a real database: ids, the definition checked on the way in and
// out, names unique per workspace ignoring case, updates and deletes scoped by workspace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { customReportId, type CustomReportDefinition } from '../../../src/read/reports/contract.js';
import { CustomReportNameTaken, deleteCustomReport, getCustomReport, insertCustomReport, listCustomReports, newCustomReportId, updateCustomReport } from '../../../src/store/custom-reports-repo.js';
import { ensureWorkspace, type Workspace } from '../../../src/store/workspaces-repo.js';

const definition: CustomReportDefinition = { metrics: ['mrr', 'nrr'], granularity: 'month', periods: 6, compare: 'previous_period', segmentId: null };
const NOW = new Date('2026-12-01T08:00:00Z');

describe.each(BACKENDS)('custom reports repository (%s)', (backend) => {
  let db: TestDatabase;
  let a: Workspace;
  let b: Workspace;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    a = await ensureWorkspace(db.store.db, { slug: 'rep-a', name: 'A' });
    b = await ensureWorkspace(db.store.db, { slug: 'rep-b', name: 'B' });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('makes ids the contract accepts, never the same twice', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newCustomReportId()));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(customReportId.safeParse(id).success, id).toBe(true);
  });

  it('inserts, reads, lists by name, updates and deletes within one workspace', async () => {
    const d = db.store.db;
    const id = newCustomReportId();
    const made = await insertCustomReport(d, { workspaceId: a.id, id, name: 'Revenue pulse', definition, createdBy: 'usr_1', now: NOW });
    expect(made).toEqual({ id, name: 'Revenue pulse', definition, createdBy: 'usr_1', createdAt: NOW.toISOString(), updatedAt: NOW.toISOString() });
    expect(await getCustomReport(d, a.id, id)).toEqual(made);
    expect(await getCustomReport(d, b.id, id)).toBeNull();
    await insertCustomReport(d, { workspaceId: a.id, id: newCustomReportId(), name: 'accounts', definition: { ...definition, segmentId: 'builtin-high-value' }, createdBy: null, now: NOW });
    expect((await listCustomReports(d, a.id)).map((r) => r.name)).toEqual(['accounts', 'Revenue pulse']);
    expect(await listCustomReports(d, b.id)).toEqual([]);

    const later = new Date(NOW.getTime() + 60_000);
    const changed = await updateCustomReport(d, a.id, id, { definition: { ...definition, periods: 12, compare: null } }, later);
    expect(changed).toMatchObject({ name: 'Revenue pulse', definition: { periods: 12, compare: null }, createdAt: NOW.toISOString(), updatedAt: later.toISOString() });
    expect(await updateCustomReport(d, b.id, id, { name: 'stolen' }, later)).toBeNull();
    expect(await deleteCustomReport(d, b.id, id)).toBe(false);
    expect(await deleteCustomReport(d, a.id, id)).toBe(true);
    expect(await getCustomReport(d, a.id, id)).toBeNull();
  });

  it('refuses a second report of the same name in any case, but not in another workspace', async () => {
    const d = db.store.db;
    await insertCustomReport(d, { workspaceId: a.id, id: newCustomReportId(), name: 'Board extras', definition, createdBy: null, now: NOW });
    await expect(insertCustomReport(d, { workspaceId: a.id, id: newCustomReportId(), name: 'BOARD EXTRAS', definition, createdBy: null, now: NOW })).rejects.toBeInstanceOf(CustomReportNameTaken);
    await expect(insertCustomReport(d, { workspaceId: b.id, id: newCustomReportId(), name: 'board extras', definition, createdBy: null, now: NOW })).resolves.toMatchObject({ name: 'board extras' });
    const other = await insertCustomReport(d, { workspaceId: a.id, id: newCustomReportId(), name: 'Other', definition, createdBy: null, now: NOW });
    await expect(updateCustomReport(d, a.id, other.id, { name: 'board Extras' }, NOW)).rejects.toBeInstanceOf(CustomReportNameTaken);
  });

  it('refuses a definition the contract does not accept', async () => {
    const bad = { ...definition, metrics: ['not_a_metric'] } as unknown as CustomReportDefinition;
    await expect(insertCustomReport(db.store.db, { workspaceId: a.id, id: newCustomReportId(), name: 'Bad', definition: bad, createdBy: null, now: NOW })).rejects.toThrow();
    expect((await listCustomReports(db.store.db, a.id)).some((r) => r.name === 'Bad')).toBe(false);
  });
});
