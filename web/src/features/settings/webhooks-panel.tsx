// Outgoing webhook endpoints, their delivery log and replay.
// (Scaffold: the issue 17 work fills this in.)
export function OutgoingWebhooksPanel({ workspaceId }: { workspaceId: string }) {
  void workspaceId;
  return null;
}
