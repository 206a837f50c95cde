// The row under an edit form: its submit button, Cancel, and the server's error when saving failed.
import { errorMessage } from '../lib/api-client.js';

export type FormActionsProps = {
  submitLabel: string;
  saving: boolean;
  onCancel: () => void;
  error: unknown;
  submitTestId: string;
  errorTestId?: string;
};

export function FormActions({ submitLabel, saving, onCancel, error, submitTestId, errorTestId }: FormActionsProps) {
  return (
    <div className="form-actions">
      <button type="submit" className="button button-primary" disabled={saving} data-testid={submitTestId}>
        {submitLabel}
      </button>
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
      {error ? (
        <p className="form-error" role="alert" data-testid={errorTestId}>
          {errorMessage(error)}
        </p>
      ) : null}
    </div>
  );
}
