// The error a caller of the delivery service can fix (the API answers 400 with its message).
/** Bad input (an invalid cron expression, time zone, address, format, unknown report…): the message says which. */
export class ReportInputError extends Error {
  override readonly name: string = 'ReportInputError';
}

/** A retry of a delivery that is pending, on its way or sent: only a failed or interrupted one is sent again. */
export class DeliveryNotRetryable extends ReportInputError {
  override readonly name = 'DeliveryNotRetryable';
}
