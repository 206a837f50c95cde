import { SettingsPage } from '../features/settings/settings-page.js';
import type { ScreenProps } from './screen-props.js';

export function SettingsScreen({ workspace, session, pathname }: ScreenProps) {
  return <SettingsPage pathname={pathname} session={session} workspaceId={workspace.id} role={workspace.role} />;
}

/** Settings without a workspace (a person not yet in any): their own account only. */
export function AccountOnlyScreen({ session, pathname }: { session: ScreenProps['session']; pathname: string }) {
  return <SettingsPage pathname={pathname} session={session} workspaceId={null} role={null} />;
}
