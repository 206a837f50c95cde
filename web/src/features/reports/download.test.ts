import { describe, expect, it } from 'vitest';
import { downloadProblem, fallbackName, fileNameFrom, reportFileUrl } from './download.js';

describe('fileNameFrom', () => {
  it.each([
    ['attachment; filename="revpulse-board-2026-02.pdf"', 'revpulse-board-2026-02.pdf'],
    ['attachment; filename=daily.csv', 'daily.csv'],
    ["attachment; filename=\"fallback.xlsx\"; filename*=UTF-8''Board%20pack.xlsx", 'Board pack.xlsx'],
    ['attachment; filename="../../etc/passwd"', '.._.._etc_passwd'],
    [null, null],
    ['inline', null],
  ])('%s → %s', (header, name) => {
    expect(fileNameFrom(header)).toBe(name);
  });
});

describe('downloads', () => {
  it('asks the report route for the file, scoped to the workspace', () => {
    expect(reportFileUrl({ workspaceId: 'ws_1', reportKey: 'board', period: '2026-02', format: 'pdf' })).toBe('/v1/reports/board?format=pdf&period=2026-02&workspace=ws_1');
    expect(fallbackName('weekly', '2026-W11', 'xlsx')).toBe('revpulse-weekly-2026-W11.xlsx');
  });

  it('a refusal says what would allow it', () => {
    expect(downloadProblem(403, 'Your role (viewer) may not do this')).toMatch(/^Your role \(viewer\) may not do this\. .*exports:create/);
    expect(downloadProblem(403, null)).toMatch(/exports:create/);
    expect(downloadProblem(401, null)).toMatch(/sign in/);
    expect(downloadProblem(400, 'period: not a month')).toBe('period: not a month');
  });
});
