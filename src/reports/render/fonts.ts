// The fonts reports are drawn with, shipped with the package (dejavu-fonts-ttf), so a PDF or a
// chart looks the same on every machine — a server without any system font included — and every
// currency sign (€, ¥, ₹, ₩) has a glyph.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const dir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

export const FONT_REGULAR = path.join(dir, 'DejaVuSans.ttf');
export const FONT_BOLD = path.join(dir, 'DejaVuSans-Bold.ttf');
/** The family name the chart SVGs use (resvg resolves it to the files above). */
export const FONT_FAMILY = 'DejaVu Sans';
