import type { Role, Session } from '../features/auth/session.js';

/** The workspace a screen shows, as the session lists it. */
export type ScreenWorkspace = { id: string; name: string; reportingCurrency: string; isDemo: boolean; role: Role };

/** What every screen receives from the shell. The date range comes from useDateRange(); the
 *  explain panel from useExplainer(); live messages from useLiveMessages(). */
export type ScreenProps = {
  workspace: ScreenWorkspace;
  session: Session;
  pathname: string;
  search: string;
  locale?: string;
};
