// The workspace's retention policy and its last runs.
// (Scaffold: the issue 17 work fills this in.)
export function RetentionPanel({ workspaceId }: { workspaceId: string }) {
  void workspaceId;
  return null;
}
