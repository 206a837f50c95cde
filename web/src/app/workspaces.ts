// Which workspace the page shows: `?workspace=ID` in the URL, else the first one the API lists.
import * as z from 'zod/mini';
import { currencyCodeSchema } from '../lib/schemas.js';

export const workspaceListSchema = z.object({
  data: z.array(z.object({ id: z.string(), name: z.string(), reportingCurrency: currencyCodeSchema })),
});

export type Workspace = z.infer<typeof workspaceListSchema>['data'][number];

export type WorkspaceSelection =
  | { kind: 'selected'; workspace: Workspace }
  | { kind: 'none' }
  | { kind: 'not-found'; requestedId: string };

export function workspaceParam(search: string): string | null {
  const value = new URLSearchParams(search).get('workspace')?.trim();
  return value ? value : null;
}

export function selectWorkspace(workspaces: readonly Workspace[], requestedId: string | null): WorkspaceSelection {
  if (requestedId !== null) {
    const match = workspaces.find((w) => w.id === requestedId);
    return match ? { kind: 'selected', workspace: match } : { kind: 'not-found', requestedId };
  }
  const first = workspaces[0];
  return first ? { kind: 'selected', workspace: first } : { kind: 'none' };
}
