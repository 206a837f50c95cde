// Single sign-on: the workspace's OpenID Connect provider, default role and 'SSO required'.
// (Scaffold: the issue 17 work fills this in.)
export function SsoPanel({ workspaceId }: { workspaceId: string }) {
  void workspaceId;
  return null;
}
