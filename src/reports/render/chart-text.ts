// Text in the report charts: XML escaping (series names and categories are user data), short
// category labels ("Jun ’26", "1 Dec", "W48"), and how wide a text is in DejaVu Sans — from the
// font's advance widths (units per em 2048), so the layout knows what fits without loading the
// font. Characters not in the table count as wide as a digit.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** 2026-06 → "Jun ’26", 2026-12-01 → "1 Dec", 2026-W48 → "W48", 2026-Q4 → "Q4 ’26"; others as they are. */
export function categoryLabel(category: string): string {
  let m = /^(\d{4})-(\d{2})$/.exec(category);
  if (m && MONTHS[Number(m[2]) - 1]) return `${MONTHS[Number(m[2]) - 1]} ’${m[1]!.slice(2)}`;
  m = /^\d{4}-(\d{2})-(\d{2})$/.exec(category);
  if (m && MONTHS[Number(m[1]) - 1]) return `${Number(m[2])} ${MONTHS[Number(m[1]) - 1]}`;
  m = /^\d{4}-(W\d{2})$/.exec(category);
  if (m) return m[1]!;
  m = /^(\d{4})-(Q[1-4])$/.exec(category);
  if (m) return `${m[2]} ’${m[1]!.slice(2)}`;
  return category;
}

// DejaVu Sans advance widths in 1/2048 em.
const WIDTHS: Record<string, number> = {
  ' ': 651, '.': 651, ',': 651, ':': 690, ';': 690, '-': 739, '−': 1716, '+': 1716, '%': 1946, '(': 799, ')': 799, '/': 690,
  '’': 651, "'": 563, '"': 821, '&': 1597, '—': 2048, '–': 1024, '…': 2048, '·': 651, '#': 1716, '@': 2048, '_': 1024,
  '$': 1303, '€': 1303, '¥': 1303, '£': 1303, '₹': 1303, '₩': 1303,
  A: 1401, B: 1405, C: 1430, D: 1577, E: 1294, F: 1178, G: 1589, H: 1540, I: 604, J: 604, K: 1343, L: 1141, M: 1767,
  N: 1532, O: 1612, P: 1235, Q: 1612, R: 1423, S: 1300, T: 1251, U: 1499, V: 1401, W: 2025, X: 1403, Y: 1251, Z: 1403,
  a: 1255, b: 1300, c: 1126, d: 1300, e: 1260, f: 721, g: 1300, h: 1298, i: 569, j: 569, k: 1186, l: 569, m: 1995,
  n: 1298, o: 1253, p: 1300, q: 1300, r: 842, s: 1067, t: 803, u: 1298, v: 1212, w: 1675, x: 1212, y: 1212, z: 1075,
};
const DIGIT = 1303;

/** The width of `text` at `fontSize` px in DejaVu Sans (the bold face is ~10% wider: pass bold). */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let units = 0;
  for (const c of text) units += WIDTHS[c] ?? DIGIT;
  return (units / 2048) * fontSize * (bold ? 1.1 : 1);
}

/** `text`, cut with an ellipsis so that it fits `maxWidth`. */
export function fitText(text: string, fontSize: number, maxWidth: number): string {
  if (textWidth(text, fontSize) <= maxWidth) return text;
  const chars = [...text];
  while (chars.length > 0 && textWidth(`${chars.join('')}…`, fontSize) > maxWidth) chars.pop();
  return chars.length === 0 ? '' : `${chars.join('').trimEnd()}…`;
}
