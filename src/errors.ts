// Every error Revpulse answers with is defined here once: a stable code, an HTTP status and a
// message. Responses always have the shape { "error": { "code", "message" } }. docs/api.md lists
// every code (a test checks that it does). It sits below every layer that can refuse something
// (accounts, ingest, the command line, the API), so none of them has to reach up into the API
// for it; src/api/errors.ts hands it on to the routes.

export const ERRORS = {
  RVP_BAD_REQUEST: { status: 400, message: 'The request is not valid.' },
  RVP_VALIDATION: { status: 400, message: 'A parameter is missing or malformed.' },
  RVP_WEBHOOK_SIGNATURE: { status: 400, message: 'The Stripe-Signature header is missing or does not match this source.' },
  RVP_WEBHOOK_PAYLOAD: { status: 400, message: 'The webhook body is not a Stripe event.' },
  RVP_WEBHOOK_BODY_INVALID: { status: 400, message: 'The webhook body is empty, not valid UTF-8 or not valid JSON.' },
  RVP_WEBHOOK_TEXT_INVALID: { status: 400, message: 'The webhook body has a string with a NUL character or an unpaired UTF-16 surrogate, which cannot be stored.' },
  RVP_WEBHOOK_TOO_DEEP: { status: 400, message: 'The webhook body nests objects and arrays too deeply.' },
  RVP_WEBHOOK_CREATED_INVALID: { status: 400, message: "The event's created time is out of range." },
  RVP_WEBHOOK_ACCOUNT_MISMATCH: { status: 400, message: "The event belongs to another Stripe account than this source's." },
  RVP_FX_FILE_INVALID: { status: 400, message: 'The rate file is not valid: the message lists each problem with its line number.' },
  RVP_IMPORT_FILE_INVALID: { status: 400, message: 'The CSV file is not valid: the message lists each problem with its line number; nothing was stored.' },
  RVP_IMPORT_INVALID: { status: 400, message: 'The subscription file cannot be read (empty, no header, or not the format it says it is); nothing was stored.' },
  RVP_IMPORT_ENCODING: { status: 400, message: 'The subscription file is not valid UTF-8: save it as UTF-8 and send it again; nothing was stored.' },
  RVP_IMPORT_FORMAT: { status: 415, message: 'The file format is unknown: send ?format=csv or ?format=jsonl, or Content-Type text/csv or application/x-ndjson.' },
  RVP_IMPORT_TOO_LARGE: { status: 413, message: 'The subscription file is larger than 50 MB, the most one upload takes: split it into smaller files.' },
  RVP_IMPORT_FAILED: { status: 500, message: 'The import failed while storing its rows (the import history lists it as failed); the server log says why.' },
  RVP_PLAN_NOT_FOUND: { status: 404, message: 'No plan with this id in the workspace.' },
  RVP_UNAUTHENTICATED: { status: 401, message: 'Authentication is required.' },
  RVP_INVALID_CREDENTIALS: { status: 401, message: 'The email or password is not correct.' },
  RVP_TOTP_INVALID: { status: 401, message: 'The two-factor code is not valid.' },
  RVP_FORBIDDEN: { status: 403, message: 'Your role does not allow this.' },
  RVP_CSRF: { status: 403, message: 'Cross-site request refused: the CSRF token or origin is missing or wrong.' },
  RVP_TOTP_REQUIRED: {
    status: 403,
    message: 'This workspace requires two-factor authentication for owners and admins: set it up under Settings → Account, then sign in again.',
  },
  RVP_SSO_REQUIRED: {
    status: 403,
    message: "This workspace requires single sign-on: sign in with SSO (Sign in with SSO on the login page, with the workspace's slug).",
  },
  RVP_SSO_OTHER_WORKSPACE: {
    status: 403,
    message: "This session was opened through another workspace's single sign-on: sign in again (with your password, or this workspace's SSO) to open this workspace.",
  },
  RVP_NOT_FOUND: { status: 404, message: 'Not found.' },
  RVP_SOURCE_NOT_FOUND: { status: 404, message: 'No source with this id.' },
  RVP_CUSTOMER_NOT_FOUND: { status: 404, message: 'No customer with this id in the workspace.' },
  RVP_CUSTOMER_LINK_NOT_FOUND: { status: 404, message: 'This customer is not linked to another customer.' },
  RVP_CUSTOMER_NOT_PAYING: { status: 404, message: 'The customer was not paying on that day: churn risk is scored for paying customers only.' },
  RVP_SUCCESS_ACCOUNT_NOT_FOUND: { status: 404, message: 'No product account (Segment group) with this id in the workspace.' },
  RVP_SAVED_FILTER_NOT_FOUND: { status: 404, message: 'No saved filter with this id in the workspace.' },
  RVP_SEGMENT_NOT_FOUND: { status: 404, message: 'No segment with this id in the workspace (built-in segments cannot be changed: create your own).' },
  RVP_ALERT_NOT_FOUND: { status: 404, message: 'No alert with this id in the workspace.' },
  RVP_ALERT_RULE_NOT_FOUND: { status: 404, message: 'No alert rule with this id in the workspace.' },
  RVP_WEBHOOK_ENDPOINT_NOT_FOUND: { status: 404, message: 'No webhook endpoint with this id in the workspace.' },
  RVP_WEBHOOK_DELIVERY_NOT_FOUND: { status: 404, message: 'No webhook delivery with this id in the workspace.' },
  RVP_ANNOTATION_NOT_FOUND: { status: 404, message: 'No annotation with this id in the workspace.' },
  RVP_WORKSPACE_NOT_FOUND: { status: 404, message: 'No workspace with this id.' },
  RVP_REPORT_NOT_FOUND: { status: 404, message: 'No such report: the kind is daily, weekly, board or the id of a custom report of this workspace.' },
  RVP_REPORT_SCHEDULE_NOT_FOUND: { status: 404, message: 'No report schedule with this id in the workspace.' },
  RVP_REPORT_DELIVERY_NOT_FOUND: { status: 404, message: 'No report delivery with this id in the workspace.' },
  RVP_GDPR_REQUEST_NOT_FOUND: { status: 404, message: 'No GDPR request with this id in the workspace.' },
  RVP_GDPR_EXPORT_UNAVAILABLE: { status: 404, message: 'This request has no export to download: it is not an export, it failed, or its file expired.' },
  RVP_CUSTOMER_LINK_REFUSED: { status: 409, message: 'This link would make a customer count as itself (a cycle).' },
  RVP_REPORT_EXISTS: { status: 409, message: 'A custom report with this name already exists.' },
  RVP_WEBHOOK_ENDPOINT_LIMIT: { status: 409, message: 'This workspace already has 20 webhook endpoints: remove one first.' },
  RVP_REPORT_DELIVERY_NOT_RETRYABLE: { status: 409, message: 'Only a failed or interrupted report delivery can be sent again.' },
  RVP_GDPR_EXPORT_NOT_READY: { status: 409, message: 'The export is still being prepared: try again when the request is completed.' },
  RVP_GDPR_ALREADY_ERASED: { status: 409, message: 'This customer was already anonymised or deleted (or is about to be): there is nothing left to erase.' },
  RVP_INVITATION_INVALID: { status: 404, message: 'This invitation link is not valid, has expired or was already used.' },
  RVP_ACCOUNT_EXISTS: { status: 409, message: 'An account with this email already exists: sign in to accept the invitation.' },
  RVP_ALREADY_MEMBER: { status: 409, message: 'This person is already a member of the workspace.' },
  RVP_LAST_OWNER: { status: 409, message: 'A workspace must keep at least one owner.' },
  RVP_REBUILD_IN_PROGRESS: { status: 409, message: 'The figures are being rebuilt after a settings change: wait until it finishes (GET /v1/settings/workspace shows its progress).' },
  RVP_SYNC_IN_PROGRESS: { status: 409, message: 'A sync of this source is already running.' },
  RVP_ALERT_CLEARED: { status: 409, message: 'The alert has cleared: it can no longer be acknowledged or snoozed.' },
  RVP_SAVED_FILTER_EXISTS: { status: 409, message: 'A saved filter with this name already exists.' },
  RVP_SAVED_FILTER_LIMIT: { status: 409, message: 'This screen already keeps 100 saved filters: delete one first.' },
  RVP_SEGMENT_EXISTS: { status: 409, message: 'A segment with this name already exists.' },
  RVP_SEGMENT_LIMIT: { status: 409, message: 'This workspace already keeps 50 segments: delete one first.' },
  RVP_ANNOTATION_LIMIT: { status: 409, message: 'This workspace already keeps 1,000 annotations: delete one first.' },
  RVP_PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large.' },
  RVP_UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Unsupported content type.' },
  RVP_FX_RATE_MISSING: { status: 422, message: 'An FX rate needed for the reporting currency is missing.' },
  RVP_SOURCE_NO_API_KEY: { status: 422, message: 'This source has no API key (Stripe) or client secret (PayPal), or is an import: it cannot be synced.' },
  RVP_RATE_LIMITED: { status: 429, message: 'Too many requests.' },
  RVP_LOGIN_THROTTLED: { status: 429, message: 'Too many failed sign-in attempts. Try again later.' },
  RVP_INTERNAL: { status: 500, message: 'Something went wrong on our side.' },
  RVP_NOT_READY: { status: 503, message: 'The service is not ready.' },
  RVP_FX_FETCH_OFF: { status: 503, message: 'Fetching the ECB reference rates is turned off on this server (REVPULSE_FX_RATES_URL=off): import a rate file instead.' },
  RVP_FX_FETCH_FAILED: { status: 502, message: 'The ECB reference rates could not be fetched.' },
  RVP_DATABASE_UNAVAILABLE: { status: 503, message: 'The database is unreachable for the moment; retry shortly (nothing was stored).' },
  RVP_SECRET_KEY_MISSING: { status: 503, message: 'REVPULSE_SECRET_KEY is not set on the server, so secrets cannot be stored.' },
  RVP_TOTP_UNAVAILABLE: { status: 503, message: 'Two-factor authentication needs REVPULSE_SECRET_KEY to be set on the server.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

export type ErrorBody = { error: { code: ErrorCode; message: string } };

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message?: string,
  ) {
    super(message ?? ERRORS[code].message);
    this.status = ERRORS[code].status;
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}
