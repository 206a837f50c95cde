// A report's HTML e-mail in a frame: GET /v1/reports/:kind?format=html on this origin (the route
// sends its own CSP, which allows framing by the app). The frame runs no script (sandbox without
// allow-scripts); same-origin lets the page size the frame to the report and read an error answer.
import { useRef, useState } from 'react';
import { ErrorNotice } from '../../app/error-notice.js';
import { apiUrl } from '../../lib/api-client.js';

type Props = { workspaceId: string; reportKey: string; title: string; period: string; periodText: string; onClose: () => void };

const MIN_HEIGHT = 480;
const MAX_HEIGHT = 1800;

/** The message of an error answer shown in the frame (JSON `{ error: { message } }`), else null. */
export function frameError(contentType: string, text: string): string | null {
  if (!contentType.includes('json')) return null;
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } };
    return typeof body.error?.message === 'string' ? body.error.message : 'The server could not render this report.';
  } catch {
    return 'The server could not render this report.';
  }
}

export function ReportPreview({ workspaceId, reportKey, title, period, periodText, onClose }: Props) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(MIN_HEIGHT);
  const [loaded, setLoaded] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const src = apiUrl(`/v1/reports/${encodeURIComponent(reportKey)}`, { format: 'html', period, workspace: workspaceId });
  const onLoad = () => {
    setLoaded(true);
    const doc = frame.current?.contentDocument;
    if (!doc) return;
    const error = frameError(doc.contentType, doc.body?.textContent ?? '');
    if (error) return setProblem(error);
    setHeight(Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, doc.documentElement.scrollHeight + 4)));
  };
  return (
    <section className="panel report-preview" data-testid="report-preview-panel" aria-busy={!loaded || undefined}>
      <header className="panel-header">
        <div>
          <h2 className="panel-title">Preview: {title}</h2>
          <p className="panel-subtitle">{periodText} · the HTML e-mail as recipients see it</p>
        </div>
        <div className="panel-actions">
          <a className="button button-small" href={src} target="_blank" rel="noopener" data-testid="report-preview-open">
            Open in a new tab
          </a>
          <button type="button" className="button button-small" onClick={onClose} data-testid="report-preview-close">
            Close
          </button>
        </div>
      </header>
      {problem ? (
        <ErrorNotice title="Could not render the report" message={problem} onRetry={() => {
            setProblem(null);
            setLoaded(false);
            setAttempt(attempt + 1);
          }} />
      ) : null}
      <iframe
        key={attempt}
        ref={frame}
        className="report-frame"
        title={`${title}, ${periodText}`}
        src={src}
        sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
        style={{ height, display: problem ? 'none' : undefined }}
        onLoad={onLoad}
        data-testid="report-frame"
      />
    </section>
  );
}
