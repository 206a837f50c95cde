// Reports: the built-in and custom reports, their preview and downloads, schedules, the delivery log.
import type { ScreenProps } from '../../app/screen-props.js';

export function ReportsScreen(_props: ScreenProps) {
  return <div className="screen" data-testid="reports-screen"><h1>Reports</h1></div>;
}
