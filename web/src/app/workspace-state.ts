import { selectWorkspace, workspaceParam, type Workspace, type WorkspaceSelection } from './workspaces.js';

export type WorkspaceState =
  | { status: 'loading' }
  | { status: 'error'; error: unknown; retry: () => void }
  | { status: 'ready'; selection: WorkspaceSelection };

/** The workspace the page shows, among those the signed-in person belongs to (the session lists
 *  them with their roles, so no second request is needed). */
export function workspaceState(workspaces: readonly Workspace[], search: string): WorkspaceState {
  return { status: 'ready', selection: selectWorkspace(workspaces, workspaceParam(search)) };
}
