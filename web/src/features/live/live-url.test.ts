import { describe, expect, it } from 'vitest';
import { liveUrl } from './live-url.js';

describe('liveUrl', () => {
  it.each([
    [{ protocol: 'http:', host: 'localhost:5173' }, 'ws_1', null, 'ws://localhost:5173/v1/live?workspace=ws_1'],
    [{ protocol: 'https:', host: 'revpulse.example.com' }, 'ws_1', null, 'wss://revpulse.example.com/v1/live?workspace=ws_1'],
    [{ protocol: 'http:', host: 'localhost:3000' }, 'ws_1', 41, 'ws://localhost:3000/v1/live?workspace=ws_1&since=41'],
    [{ protocol: 'http:', host: 'localhost:3000' }, 'ws_1', 0, 'ws://localhost:3000/v1/live?workspace=ws_1&since=0'],
    [{ protocol: 'http:', host: 'h' }, 'a&b', null, 'ws://h/v1/live?workspace=a%26b'],
  ])('%j %s since %s → %s', (location, workspace, since, expected) => {
    expect(liveUrl(location, workspace, since)).toBe(expected);
  });
});
