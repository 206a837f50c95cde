// The Customer success screen's tabs: the overview, usage and NPS, the segmentation grid and the
// alert centre, each at its own address under /success.
export type SuccessTab = { id: 'overview' | 'usage' | 'segments' | 'alerts'; path: string; title: string };

export const SUCCESS_TABS: readonly SuccessTab[] = [
  { id: 'overview', path: '/success', title: 'Overview' },
  { id: 'usage', path: '/success/usage', title: 'Usage & NPS' },
  { id: 'segments', path: '/success/segments', title: 'Segments' },
  { id: 'alerts', path: '/success/alerts', title: 'Alerts' },
];

/** The tab at `pathname` (an unknown sub-path shows the overview). */
export function successTabAt(pathname: string): SuccessTab {
  const path = pathname.replace(/\/+$/, '');
  return SUCCESS_TABS.find((t) => t.path === path) ?? SUCCESS_TABS[0]!;
}
