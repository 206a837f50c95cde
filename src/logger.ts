import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

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

// Fastify writes two lines per request at info. They are detail, not news: they go to debug
// (LOG_LEVEL=debug shows them), so info stays readable. A failed request keeps its error line.
const REQUEST_LINES = new Set(['incoming request', 'request completed']);
const INFO = 30;

export type { Logger };

export type LoggerOptions = {
  /** Human-readable lines (pino-pretty) instead of JSON. Default: when stdout is a terminal and
   *  no destination is given — a process whose output is piped or collected logs JSON. */
  pretty?: boolean;
};

export function createLogger(level: string, destination?: pino.DestinationStream, options: LoggerOptions = {}): Logger {
  const settings: pino.LoggerOptions = {
    level,
    redact: { paths: REDACT, censor: '[redacted]' },
    hooks: {
      logMethod(args, method, methodLevel) {
        if (methodLevel === INFO && typeof args[1] === 'string' && REQUEST_LINES.has(args[1])) {
          // `this` is the request's child logger: its debug is a no-op unless debug is enabled.
          this.debug(args[0] as object, args[1]);
          return;
        }
        method.apply(this, args);
      },
    },
  };
  const human = options.pretty ?? (destination === undefined && process.stdout.isTTY === true);
  // In the main thread and synchronous: lines keep their order with what start-up prints.
  const stream = destination ?? (human ? pretty({ sync: true, singleLine: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' }) : undefined);
  return stream ? pino(settings, stream) : pino(settings);
}
