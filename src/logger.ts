import pino, { type Logger } from 'pino';

// Secrets never reach a log line: these paths are censored wherever they appear.
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["stripe-signature"]',
  '*.password',
  '*.secret',
  '*.webhookSecret',
  '*.apiKey',
  '*.api_key',
  '*.token',
  'config.secretKey',
  'config.database.url',
];

export type { Logger };

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' } }, destination);
}
