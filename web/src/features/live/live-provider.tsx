import { useCallback, useMemo, useRef, type ReactNode } from 'react';
import { LiveContext, type LiveHub, type LiveListener } from './live-context.js';
import type { LiveEnvelope } from './live-message.js';
import { useLiveFeed } from './use-live-feed.js';

/**
 * Opens the workspace's live feed once `workspaceId` is set and passes each message first to
 * `onMessage` (the shell's cache sync) and then to every subscriber.
 */
export function LiveProvider({ workspaceId, initialSince, onMessage, children }: { workspaceId: string | null; initialSince: number | null; onMessage: (message: LiveEnvelope) => void; children: ReactNode }) {
  const listeners = useRef(new Set<LiveListener>());
  const status = useLiveFeed(
    workspaceId,
    {
      onMessage: (message) => {
        onMessage(message);
        for (const listener of listeners.current) listener(message);
      },
    },
    initialSince,
  );
  const subscribe = useCallback((listener: LiveListener) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  }, []);
  const hub = useMemo<LiveHub>(() => ({ status, subscribe }), [status, subscribe]);
  return <LiveContext.Provider value={hub}>{children}</LiveContext.Provider>;
}
