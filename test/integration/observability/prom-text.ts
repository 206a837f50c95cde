// A small reader of the Prometheus text exposition format (0.0.4), so the tests look figures up
// by name and labels instead of matching lines with regular expressions.
export type Sample = { name: string; labels: Record<string, string>; value: number };
export type Exposition = { types: Map<string, string>; samples: Sample[] };

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf('=', i);
    const key = text.slice(i, eq).trim();
    if (text[eq + 1] !== '"') throw new Error(`label ${key}: value not quoted in {${text}}`);
    let value = '';
    let j = eq + 2;
    for (; text[j] !== '"'; j += 1) {
      if (j >= text.length) throw new Error(`label ${key}: unterminated value in {${text}}`);
      if (text[j] === '\\') {
        j += 1;
        value += text[j] === 'n' ? '\n' : text[j];
      } else value += text[j];
    }
    labels[key] = value;
    i = j + 1;
    if (text[i] === ',') i += 1;
  }
  return labels;
}

export function parseExposition(body: string): Exposition {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of body.split('\n')) {
    if (line.trim() === '') continue;
    if (line.startsWith('#')) {
      const [, keyword, name, type] = line.split(/\s+/);
      if (keyword === 'TYPE' && name && type) types.set(name, type);
      continue;
    }
    const brace = line.indexOf('{');
    const space = line.lastIndexOf('}') >= 0 ? line.indexOf(' ', line.lastIndexOf('}')) : line.indexOf(' ');
    const name = brace >= 0 && brace < space ? line.slice(0, brace) : line.slice(0, space);
    const labels = brace >= 0 && brace < space ? parseLabels(line.slice(brace + 1, line.lastIndexOf('}'))) : {};
    const [valueText] = line.slice(space + 1).trim().split(/\s+/);
    // Go's ParseFloat reads NaN in any case (prom-client writes "Nan").
    const nan = valueText?.toLowerCase() === 'nan';
    const value = nan ? Number.NaN : valueText === '+Inf' ? Infinity : valueText === '-Inf' ? -Infinity : Number(valueText);
    if (!nan && (valueText === undefined || valueText === '' || Number.isNaN(value))) throw new Error(`not a sample value: ${line}`);
    samples.push({ name, labels, value });
  }
  return { types, samples };
}

/** The value of the one sample with this name whose labels include `labels`; undefined if none. */
export function valueOf(exposition: Exposition, name: string, labels: Record<string, string> = {}): number | undefined {
  const found = exposition.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${name} ${JSON.stringify(labels)} matches ${found.length} samples`);
  return found[0]?.value;
}
