// Content negotiation for the routes that answer in several formats: which of ours the Accept
// header prefers (highest q, then the order written), ignoring what we do not make and q=0.

/** The key of `mediaTypes` whose media type the header ranks first, or null when it names none. */
export function preferredFormat<F extends string>(accept: string | undefined, mediaTypes: Readonly<Record<F, string>>): F | null {
  const formats = Object.keys(mediaTypes) as F[];
  const ranked = (accept ?? '')
    .split(',')
    .map((part, index) => {
      const [type = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
      const q = params.find((p) => p.startsWith('q='));
      return { format: formats.find((f) => mediaTypes[f] === type), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((m) => m.format !== undefined && m.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.format ?? null;
}
