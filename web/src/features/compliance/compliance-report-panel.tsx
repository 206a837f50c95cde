// The compliance report (requests handled, policies, last run) as PDF or CSV.
// (Scaffold: the issue 17 work fills this in.)
export function ComplianceReportPanel({ workspaceId }: { workspaceId: string }) {
  void workspaceId;
  return null;
}
