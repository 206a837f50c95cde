// Client-side navigation without a router library: the address bar is the single source of
// truth. `navigate` pushes (or replaces) a history entry and tells subscribers; the back and
// forward buttons do the same through popstate. Screens read the location with useLocation.
import { useSyncExternalStore } from 'react';

type Listener = () => void;
const listeners = new Set<Listener>();

function notify(): void {
  for (const listener of listeners) listener();
}

function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  if (listeners.size === 1) window.addEventListener('popstate', notify);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.removeEventListener('popstate', notify);
  };
}

export type AppLocation = { pathname: string; search: string };

/** Goes to `href` (a path on this site) without reloading the page. */
export function navigate(href: string, options: { replace?: boolean } = {}): void {
  const url = new URL(href, window.location.href);
  if (url.origin !== window.location.origin) {
    window.location.assign(href);
    return;
  }
  const target = `${url.pathname}${url.search}${url.hash}`;
  if (target === `${window.location.pathname}${window.location.search}${window.location.hash}`) return;
  if (options.replace) window.history.replaceState(null, '', target);
  else window.history.pushState(null, '', target);
  notify();
}

/** Replaces some query parameters of the current address (undefined removes one). */
export function updateSearch(changes: Record<string, string | undefined>, options: { replace?: boolean } = {}): void {
  navigate(withParams(window.location.pathname, window.location.search, changes), options);
}

/** `pathname` with `search` changed by `changes` (pure, for links and tests). */
export function withParams(pathname: string, search: string, changes: Record<string, string | undefined>): string {
  const params = new URLSearchParams(search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === '') params.delete(key);
    else params.set(key, value);
  }
  const qs = params.toString();
  return qs ? `${pathname}?${qs}` : pathname;
}

const snapshot = () => `${window.location.pathname}${window.location.search}`;

/** The current path and query; re-renders when they change. */
export function useLocation(): AppLocation {
  const href = useSyncExternalStore(subscribe, snapshot, () => '/');
  const q = href.indexOf('?');
  return q === -1 ? { pathname: href, search: '' } : { pathname: href.slice(0, q), search: href.slice(q) };
}

/** Whether a click should be left to the browser (new tab, download, modified click). */
export function isPlainLeftClick(event: { button: number; metaKey: boolean; altKey: boolean; ctrlKey: boolean; shiftKey: boolean; defaultPrevented: boolean }): boolean {
  return !event.defaultPrevented && event.button === 0 && !event.metaKey && !event.altKey && !event.ctrlKey && !event.shiftKey;
}
