// "Export ▾": a small menu on every table and chart panel — CSV, Excel, PDF — that downloads the
// panel's data from its own API route (export-download.ts), says what it saved or why it could not,
// and is hidden from roles that may not export (exports:create; the server refuses them anyway).
// A menu button: Enter, Space or ↓ opens it on the first item, ↑ on the last; arrows, Home and End
// move; Escape closes it and gives focus back to the button; Tab or a click elsewhere closes it.
// The list is fixed-positioned under the button (following it when the page scrolls) so a panel's
// scroll box never clips it.
import { useEffect, useId, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import { mayExport } from '../features/revenue/may-export.js';
import { useSession } from '../features/auth/use-session.js';
import { downloadExport, EXPORT_FORMATS, FORMAT_LABELS, nextItem, type Downloaded, type ExportFormat, type ExportTarget } from './export-download.js';
import './export-menu.css';

export type { ExportTarget } from './export-download.js';

/** The open list's height, about (three items): where it fits. */
const MENU_HEIGHT = 120;

/** Where the fixed list goes: under the button (above it when the viewport ends first), lined up
 *  with the button's outer edge — its right edge on the right half of the page, else its left. */
function placeUnder(button: HTMLButtonElement | null): CSSProperties {
  const rect = button?.getBoundingClientRect();
  if (!rect) return {};
  const below = rect.bottom + MENU_HEIGHT + 8 <= window.innerHeight || rect.top < MENU_HEIGHT + 8;
  const side = rect.left + rect.width / 2 < window.innerWidth / 2 ? { left: Math.max(8, rect.left) } : { right: Math.max(8, window.innerWidth - rect.right) };
  return { ...(below ? { top: rect.bottom + 4 } : { bottom: window.innerHeight - rect.top + 4 }), ...side };
}

type State = { busy: ExportFormat | null; error: string | null; saved: Downloaded | null };

/** May the signed-in person export from this workspace? Unknown (no session yet): show the menu. */
function useMayExport(workspaceId: string | undefined): boolean {
  const session = useSession();
  const role = session.data?.workspaces.find((w) => w.id === workspaceId)?.role;
  return role === undefined || mayExport(role);
}

export function ExportMenu({ target, title, testId, size = 'small' }: {
  target: ExportTarget;
  /** What is exported, for the button's name ("Export MRR by plan"). */
  title?: string;
  testId?: string;
  /** 'normal' beside full-size buttons (a toolbar, a form); 'small' in a panel's header. */
  size?: 'small' | 'normal';
}) {
  const allowed = useMayExport(target.params.workspace);
  const formats = target.formats ?? EXPORT_FORMATS;
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const itemRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const rootRef = useRef<HTMLSpanElement>(null);
  const [open, setOpen] = useState<{ focus: number; style: CSSProperties } | null>(null);
  const [state, setState] = useState<State>({ busy: null, error: null, saved: null });

  const focusIndex = open?.focus ?? null;
  useEffect(() => {
    if (focusIndex !== null) itemRefs.current[focusIndex]?.focus();
  }, [focusIndex]);

  const isOpen = open !== null;
  useEffect(() => {
    if (!isOpen) return;
    const outside = (event: Event) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(null);
    };
    // The page moved under the list (a scroll, a panel growing above it): follow the button.
    const follow = () => setOpen((current) => (current ? { ...current, style: placeUnder(buttonRef.current) } : current));
    document.addEventListener('pointerdown', outside);
    window.addEventListener('resize', follow);
    window.addEventListener('scroll', follow, true);
    return () => {
      document.removeEventListener('pointerdown', outside);
      window.removeEventListener('resize', follow);
      window.removeEventListener('scroll', follow, true);
    };
  }, [isOpen]);

  if (!allowed) return null;

  const show = (focus: number) => setOpen({ focus, style: placeUnder(buttonRef.current) });
  const close = (refocus: boolean) => {
    setOpen(null);
    if (refocus) buttonRef.current?.focus();
  };
  const choose = async (format: ExportFormat) => {
    close(true);
    setState({ busy: format, error: null, saved: null });
    try {
      setState({ busy: null, error: null, saved: await downloadExport(target, format) });
    } catch (error) {
      setState({ busy: null, error: error instanceof Error ? error.message : 'The export failed.', saved: null });
    }
  };
  const onButtonKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      show(event.key === 'ArrowDown' ? 0 : formats.length - 1);
    }
  };
  const onMenuKey = (event: KeyboardEvent<HTMLUListElement>) => {
    if (!open) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      close(true);
    } else if (event.key === 'Tab') {
      close(false);
    } else {
      const next = nextItem(event.key, open.focus, formats.length);
      if (next !== null) {
        event.preventDefault();
        setOpen({ ...open, focus: next });
      }
    }
  };

  return (
    <span className="export-menu" ref={rootRef} data-testid={testId ?? 'export-menu'}>
      <button
        ref={buttonRef}
        type="button"
        className={`button${size === 'small' ? ' button-small' : ''} export-menu-button`}
        aria-haspopup="menu"
        aria-expanded={open ? true : undefined}
        aria-controls={open ? menuId : undefined}
        aria-label={title ? `Export ${title}` : 'Export'}
        disabled={state.busy !== null}
        onClick={() => (open ? close(false) : show(0))}
        onKeyDown={onButtonKey}
        data-testid="export-menu-button"
      >
        {state.busy ? 'Exporting…' : 'Export'} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <ul className="export-menu-list" role="menu" id={menuId} aria-label={title ? `Export ${title} as` : 'Export as'} style={open.style} onKeyDown={onMenuKey}>
          {formats.map((format, i) => (
            <li key={format} role="none">
              <button
                ref={(element) => {
                  itemRefs.current[i] = element;
                }}
                type="button"
                role="menuitem"
                tabIndex={i === open.focus ? 0 : -1}
                className="export-menu-item"
                onClick={() => void choose(format)}
                data-testid={`export-${format}`}
              >
                {FORMAT_LABELS[format]}
                <span className="export-menu-ext">.{format}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <span className="export-menu-status" role="status">
        {state.error ? (
          <span className="form-error" data-testid="export-error">
            {state.error}
          </span>
        ) : state.saved ? (
          <span className="muted">{state.saved.rows !== null ? `${state.saved.rows} rows exported` : `Saved ${state.saved.filename}`}</span>
        ) : null}
      </span>
    </span>
  );
}
