// The one live feed of the open workspace, shared by every screen: the shell holds the socket;
// features subscribe to its messages with useLiveMessages and read its state with useLiveStatus.
import { createContext, useContext, useEffect, useRef } from 'react';
import type { ConnectionStatus } from './live-connection.js';
import type { LiveEnvelope } from './live-message.js';

export type LiveListener = (message: LiveEnvelope) => void;
export type LiveHub = { status: ConnectionStatus; subscribe: (listener: LiveListener) => () => void };

export const LiveContext = createContext<LiveHub>({ status: 'connecting', subscribe: () => () => undefined });

export function useLiveStatus(): ConnectionStatus {
  return useContext(LiveContext).status;
}

/** Calls `listener` for every live message while mounted (the latest listener; no resubscribe). */
export function useLiveMessages(listener: LiveListener): void {
  const { subscribe } = useContext(LiveContext);
  const ref = useRef(listener);
  useEffect(() => {
    ref.current = listener;
  });
  useEffect(() => subscribe((message) => ref.current(message)), [subscribe]);
}
