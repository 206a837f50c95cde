// The tables the migrations leave behind, with their columns, read from the SQL itself (create
// table, alter table … add/drop column, drop table). Used by the distribution test: every table
// either carries workspace_id or is a reviewed exception in docs/scaling.md.
export type TableColumns = Map<string, Set<string>>;

const NOT_COLUMNS = new Set(['constraint', 'primary', 'unique', 'foreign', 'check', 'exclude', 'like']);

function stripComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
}

/** Splits the body of a create table at top-level commas. */
function topLevelItems(body: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of body) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      items.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) items.push(current);
  return items;
}

const unquote = (name: string) => name.replace(/"/g, '').replace(/^public\./, '').toLowerCase();

/** Applies the migrations' table statements in order. */
export function tablesOf(migrations: readonly string[]): TableColumns {
  const tables: TableColumns = new Map();
  for (const raw of migrations) {
    const sql = stripComments(raw);
    const statement = /\b(create\s+(?:unlogged\s+)?table\s+(?:if\s+not\s+exists\s+)?([\w".]+)\s*\(|alter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?([\w".]+)|drop\s+table\s+(?:if\s+exists\s+)?([\w".]+))/gi;
    let match: RegExpExecArray | null;
    while ((match = statement.exec(sql))) {
      if (match[2]) {
        // create table name ( … ): find the matching parenthesis
        let depth = 1;
        let i = statement.lastIndex;
        for (; i < sql.length && depth > 0; i++) {
          if (sql[i] === '(') depth++;
          if (sql[i] === ')') depth--;
        }
        const columns = new Set<string>();
        for (const item of topLevelItems(sql.slice(statement.lastIndex, i - 1))) {
          const word = unquote(item.trim().split(/\s+/)[0] ?? '');
          if (word && !NOT_COLUMNS.has(word)) columns.add(word);
        }
        tables.set(unquote(match[2]), columns);
        statement.lastIndex = i;
      } else if (match[3]) {
        const name = unquote(match[3]);
        const end = sql.indexOf(';', statement.lastIndex);
        const rest = sql.slice(statement.lastIndex, end === -1 ? undefined : end);
        const columns = tables.get(name);
        if (!columns) continue;
        for (const add of rest.matchAll(/\badd\s+(?:column\s+)?(?:if\s+not\s+exists\s+)?([\w"]+)/gi)) {
          const word = unquote(add[1]!);
          if (!NOT_COLUMNS.has(word)) columns.add(word);
        }
        for (const drop of rest.matchAll(/\bdrop\s+column\s+(?:if\s+exists\s+)?([\w"]+)/gi)) columns.delete(unquote(drop[1]!));
        const renamed = /\brename\s+to\s+([\w".]+)/i.exec(rest);
        if (renamed) {
          tables.delete(name);
          tables.set(unquote(renamed[1]!), columns);
        }
      } else if (match[4]) {
        tables.delete(unquote(match[4]));
      }
    }
  }
  return tables;
}
