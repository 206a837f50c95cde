import { errorMessage } from '../lib/api-client.js';
import type { WorkspaceState } from './workspace-state.js';

export type Problem = { title: string; message: string; retry?: () => void };

/** What to show instead of a screen when there is no workspace to show; null when there is one (or it is loading). */
export function workspaceProblem(state: WorkspaceState): Problem | null {
  if (state.status === 'error') {
    return { title: 'Could not load workspaces', message: errorMessage(state.error), retry: state.retry };
  }
  if (state.status === 'loading') return null;
  switch (state.selection.kind) {
    case 'selected':
      return null;
    case 'none':
      return { title: 'No workspace yet', message: 'You are not a member of any workspace. Ask an owner to invite you, then reload this page.' };
    case 'not-found':
      return {
        title: 'Workspace not found',
        message: `There is no workspace with id "${state.selection.requestedId}" that you can see. Remove ?workspace= from the address to open your first one.`,
      };
  }
}
