import { useState } from 'react';

/** A secret or link shown once, with a copy button. */
export function CopyField({ label, value, testId }: { label: string; value: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="once-box" role="status">
      <p className="once-label">{label}</p>
      <div className="copy-row">
        <code data-testid={testId}>{value}</code>
        <button
          type="button"
          className="button"
          onClick={() => void navigator.clipboard?.writeText(value).then(() => setCopied(true))}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
    </div>
  );
}
