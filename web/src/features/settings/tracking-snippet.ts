// The snippet shown once after creating an ingest key: analytics.js (Segment's browser library)
// pointed at this Revpulse with the key as its write key. Any Segment-compatible SDK works the
// same way: the write key is the HTTP Basic username and the API host is this server's /v1.
export function trackingSnippet(origin: string, writeKey: string): string {
  const host = origin.replace(/^https?:\/\//, '');
  return [
    `analytics.load('${writeKey}', {`,
    `  integrations: { 'Segment.io': { apiHost: '${host}/v1', protocol: '${origin.startsWith('http://') ? 'http' : 'https'}' } },`,
    '});',
    "analytics.identify('user_123', { email: 'ada@example.com' });",
    "analytics.group('account_42', { name: 'Example Ltd' });",
    "analytics.track('Report Created', { quantity: 1 });",
    '',
    `# or over HTTP: curl -u '${writeKey}:' ${origin}/v1/track -H 'content-type: application/json' \\`,
    `#   -d '{"userId":"user_123","event":"Report Created","messageId":"m-1"}'`,
  ].join('\n');
}
