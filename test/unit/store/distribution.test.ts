// Every table is distributed by workspace_id (docs/scaling.md, "Past one machine"), or is on the
// reviewed list of tables without it in that document. A new table without workspace_id fails
// here until someone decides what it is (reference table, or a schema change) and lists it; a
// listed table that gains workspace_id or goes away fails too, so the list stays true.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadMigrations } from '../../../src/store/migrate.js';
import { tablesOf } from './migration-tables.js';

const SCALING_DOC = new URL('../../../docs/scaling.md', import.meta.url);
const BEGIN = '<!-- tables-without-workspace-id: begin -->';
const END = '<!-- tables-without-workspace-id: end -->';

/** The first `backticked` name of each table row between the markers. */
function reviewedTables(doc: string): string[] {
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start === -1 || end <= start) throw new Error(`docs/scaling.md lacks the ${BEGIN} … ${END} list`);
  return doc
    .slice(start + BEGIN.length, end)
    .split('\n')
    .map((line) => /^\|\s*`(\w+)`/.exec(line.trim())?.[1])
    .filter((name): name is string => name !== undefined);
}

describe('reading tables from migrations', () => {
  it.each([
    { name: 'create with constraints', sql: ['create table a (workspace_id text not null, id text, primary key (workspace_id, id), unique (id), check (id <> \'\'))'], want: { a: ['workspace_id', 'id'] } },
    { name: 'if not exists, comments, nested parentheses', sql: ['-- create table ghost (x int)\ncreate table if not exists b (\n  n numeric(30, 12) not null, -- a, b\n  c text check (c in (\'x\', \'y\'))\n);'], want: { b: ['n', 'c'] } },
    { name: 'add and drop columns', sql: ['create table c (id text);', 'alter table c add column workspace_id text not null, add column if not exists d int; alter table c drop column id;'], want: { c: ['workspace_id', 'd'] } },
    { name: 'add constraint is no column', sql: ['create table d (id text);', 'alter table d add constraint d_check check (id <> \'\');'], want: { d: ['id'] } },
    { name: 'rename and drop tables', sql: ['create table e (id text); create table f (id text);', 'alter table e rename to g; drop table if exists f;'], want: { g: ['id'] } },
  ])('$name', ({ sql, want }) => {
    const got = Object.fromEntries([...tablesOf(sql)].map(([table, columns]) => [table, [...columns]]));
    expect(got).toEqual(want);
  });
});

describe('distribution by workspace_id', () => {
  it('every table has workspace_id or is on the reviewed list in docs/scaling.md, and the list names exactly those', async () => {
    const tables = tablesOf((await loadMigrations()).map((m) => m.sql));
    // The reader sees the real schema (a broken reader would make the check below vacuous).
    expect(tables.size).toBeGreaterThan(50);
    expect(tables.get('raw_events')?.has('workspace_id')).toBe(true);
    expect(tables.get('users')?.has('workspace_id')).toBe(false);

    const without = [...tables].filter(([, columns]) => !columns.has('workspace_id')).map(([name]) => name).sort();
    const reviewed = reviewedTables(readFileSync(SCALING_DOC, 'utf8')).sort();
    expect(without).toEqual(reviewed);
  });
});
