// The installation's backup history (owners of the installation only).
// (Scaffold: the issue 17 work fills this in.)
export function BackupsPanel({ workspaceId }: { workspaceId: string }) {
  void workspaceId;
  return null;
}
