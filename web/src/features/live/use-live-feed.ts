import { useEffect, useRef, useState } from 'react';
import { browserSocket, createLiveConnection, type ConnectionStatus } from './live-connection.js';
import type { LiveEnvelope } from './live-message.js';
import { liveUrl } from './live-url.js';

export type LiveFeedHandlers = {
  onMessage: (message: LiveEnvelope) => void;
  onReconnected?: () => void;
};

/**
 * Keeps the workspace's live feed open while mounted and `workspaceId` is set; returns the
 * connection status. `initialSince` (read when connecting) replays what came after it, so the
 * first connection can fill the activity feed with recent messages.
 */
export function useLiveFeed(workspaceId: string | null, handlers: LiveFeedHandlers, initialSince: number | null = null): ConnectionStatus {
  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  // Handlers change identity on every render; the socket must not.
  const handlersRef = useRef(handlers);
  const sinceRef = useRef(initialSince);
  useEffect(() => {
    handlersRef.current = handlers;
    sinceRef.current = initialSince;
  });

  useEffect(() => {
    if (workspaceId === null) return;
    const connection = createLiveConnection({
      url: (since) => liveUrl(window.location, workspaceId, since),
      createSocket: browserSocket,
      onMessage: (message) => handlersRef.current.onMessage(message),
      onReconnected: () => handlersRef.current.onReconnected?.(),
      onStatus: setStatus,
      initialSince: sinceRef.current,
    });
    const online = (): void => connection.retryNow();
    window.addEventListener('online', online);
    connection.start();
    return () => {
      window.removeEventListener('online', online);
      connection.stop();
      setStatus('connecting');
    };
  }, [workspaceId]);

  return status;
}
