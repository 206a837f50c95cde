import { describe, expect, it } from 'vitest';
import { ApiError } from '../lib/api-client.js';
import { workspaceProblem } from './workspace-problem.js';

const retry = () => undefined;

describe('workspaceProblem', () => {
  it('is nothing while loading or once a workspace is selected', () => {
    expect(workspaceProblem({ status: 'loading' })).toBeNull();
    expect(
      workspaceProblem({ status: 'ready', selection: { kind: 'selected', workspace: { id: 'w', name: 'Demo', reportingCurrency: 'usd' } } }),
    ).toBeNull();
  });

  it('shows the server message when the list fails, with a retry', () => {
    const problem = workspaceProblem({ status: 'error', error: new ApiError(500, 'internal', 'Database unavailable.'), retry });
    expect(problem).toEqual({ title: 'Could not load workspaces', message: 'Database unavailable.', retry });
  });

  it('names the unknown workspace id', () => {
    const problem = workspaceProblem({ status: 'ready', selection: { kind: 'not-found', requestedId: 'ws_9' } });
    expect(problem?.title).toBe('Workspace not found');
    expect(problem?.message).toContain('"ws_9"');
  });

  it('says when there is no workspace at all', () => {
    expect(workspaceProblem({ status: 'ready', selection: { kind: 'none' } })?.title).toBe('No workspace yet');
  });
});
