// GDPR requests: ask for an export, anonymisation or deletion of one customer, and the queue.
// (Scaffold: the issue 17 work fills this in.)
export function GdprRequestsPanel({ workspaceId }: { workspaceId: string }) {
  void workspaceId;
  return null;
}
