/** The WebSocket URL of the live feed, on the page's own host (ws: or wss: to match http/https). */
export function liveUrl(location: { protocol: string; host: string }, workspaceId: string, since: number | null): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = new URLSearchParams({ workspace: workspaceId });
  if (since !== null) query.set('since', String(since));
  return `${scheme}//${location.host}/v1/live?${query.toString()}`;
}
