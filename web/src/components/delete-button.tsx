// A row's Delete button that asks first, and the line that says why a delete (or any other
// action) failed: the pair every list with a delete action uses.
import { errorMessage } from '../lib/api-client.js';

export type DeleteButtonProps = {
  /** The question the confirmation asks ("Delete the segment Churned?"). */
  confirm: string;
  onDelete: () => void;
  testId?: string;
  label?: string;
};

export function DeleteButton({ confirm, onDelete, testId, label = 'Delete' }: DeleteButtonProps) {
  return (
    <button type="button" className="button button-small button-danger" onClick={() => window.confirm(confirm) && onDelete()} data-testid={testId}>
      {label}
    </button>
  );
}

/** The server's message when an action failed; nothing while it has not. */
export function ActionError({ error, testId }: { error: unknown; testId?: string }) {
  if (!error) return null;
  return (
    <p className="form-error" role="alert" data-testid={testId}>
      {errorMessage(error)}
    </p>
  );
}
