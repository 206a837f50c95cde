// Typed, frozen configuration from the environment. A missing or malformed variable stops
// start-up with one line naming it (ConfigError), never a stack trace.
import { Cron } from 'croner';
import path from 'node:path';
import { z } from 'zod';
import { ECB_BASE_URL } from './ingest/fx/ecb-fetch.js';

const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** The demo pulse's average interval: an event every 5 to 15 s. */
export const DEMO_PULSE_SECONDS = 10;

const schema = z.object({
  PORT: z.coerce
    .number({ error: 'must be a whole number from 0 to 65535' })
    .int({ error: 'must be a whole number from 0 to 65535' })
    .min(0, { error: 'must be a whole number from 0 to 65535' })
    .max(65535, { error: 'must be a whole number from 0 to 65535' })
    .default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  REVPULSE_DATA_DIR: z.string().min(1).default('./.revpulse'),
  // Default: on for the embedded database only (see loadConfig); on PostgreSQL it is opt-in.
  REVPULSE_DEMO: boolean.optional(),
  REVPULSE_DEMO_PUBLIC: boolean.default(false),
  REVPULSE_INGEST_THREAD: boolean.default(false),
  REVPULSE_DEMO_PULSE: z
    .string()
    .regex(/^(true|false|1|0|yes|no|\d+(ms|s|m)?)$/, 'must be true, false or an interval such as 10s or 500ms')
    .transform((v): number | null => {
      if (v === 'true' || v === 'yes' || v === '1') return DEMO_PULSE_SECONDS;
      if (v === 'false' || v === 'no' || v === '0') return null;
      const n = Number.parseInt(v, 10);
      return v.endsWith('ms') ? n / 1000 : v.endsWith('m') ? n * 60 : n;
    })
    .refine((seconds) => seconds === null || seconds >= 0.1, 'must be at least 100ms')
    .optional(),
  REVPULSE_SECRET_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$|^[A-Za-z0-9+/]{43}=$/, 'must be 32 bytes as 64 hex characters or base64')
    .optional(),
  REVPULSE_PUBLIC_URL: z.string().url().optional(),
  REVPULSE_SYNC_INTERVAL: z
    .string()
    .regex(/^\d+(s|m|h)?$/, 'must be a duration such as 600, 30s, 10m or 1h')
    .transform((v) => Number.parseInt(v, 10) * ({ s: 1, m: 60, h: 3600 }[v.at(-1) ?? ''] ?? 1))
    .refine((seconds) => seconds >= 10, 'must be at least 10 seconds')
    .default(600),
  REVPULSE_STRIPE_API_URL: z.string().url().optional(),
  REVPULSE_PAYPAL_API_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REVPULSE_ADMIN_EMAIL: z.email({ error: 'must be an email address' }).max(254).optional(),
  REVPULSE_ADMIN_PASSWORD: z.string().min(12, { error: 'must be at least 12 characters' }).max(256).optional(),
  REVPULSE_SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(168),
  REVPULSE_SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(24 * 60 * 30).default(480),
  REVPULSE_COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  REVPULSE_TRUST_PROXY: boolean.default(false),
  REVPULSE_RATE_LIMIT_API: z.coerce.number().int().min(1).default(600),
  REVPULSE_RATE_LIMIT_AUTH: z.coerce.number().int().min(1).default(20),
  REVPULSE_RATE_LIMIT_WEBHOOKS: z.coerce.number().int().min(1).default(1200),
  REVPULSE_FX_RATES_URL: z.union([z.literal('off'), z.string().url()]).optional(),
  REVPULSE_SMTP_URL: z.string().regex(/^smtps?:\/\/[^/\s]+/, 'must be an SMTP URL such as smtp://user:pass@mail.example.com:587 or smtps://…:465').optional(),
  REVPULSE_MAIL_FROM: z.string().regex(/^([^<>\r\n]*<)?[^@\s<>]+@[^@\s<>]+>?$/, 'must be an address such as alerts@example.com or Revpulse <alerts@example.com>').max(320).optional(),
  REVPULSE_METRICS_TOKEN: z.string().min(16, { error: 'must be at least 16 characters' }).max(256).optional(),
  REVPULSE_BACKUP_DIR: z.string().min(1).optional(),
  REVPULSE_BACKUP_SCHEDULE: z.string().min(1).default('off'),
  REVPULSE_BACKUP_KEEP: z.coerce.number({ error: 'must be a whole number' }).int().min(1).max(1000).default(7),
  REVPULSE_INGEST_LEASE_SECONDS: z.coerce.number({ error: 'must be a whole number of seconds' }).int().min(1).max(3600).default(60),
});

export type Config = Readonly<{
  port: number;
  host: string;
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string | null };
  dataDir: string;
  demo: boolean;
  /** The shared demo account may sign in from anywhere (a public demo site), not only from the server's own machine. */
  demoPublic: boolean;
  /** PostgreSQL: run ingestion in a worker thread off the HTTP event loop (measured slower at 250/s on 2 cores: off by default). */
  ingestThread: boolean;
  /**
   * Average seconds between two actions of the demo pulse (jittered ±50%), which posts signed
   * Stripe events to the Demo workspace's webhook; null when it is off.
   */
  demoPulseSeconds: number | null;
  secretKey: string | undefined;
  publicUrl: string | undefined;
  /** Seconds between two heartbeat syncs of every Stripe source with an API key. */
  syncIntervalSeconds: number;
  /** Where the Stripe API is (default api.stripe.com); tests point it at a local fake. */
  stripeApiUrl: string | undefined;
  /** Where PayPal's REST API is (default api-m.paypal.com, or api-m.sandbox.paypal.com for a sandbox source); tests point it at a local fake. */
  paypalApiUrl: string | undefined;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  auth: Readonly<{
    adminEmail: string | undefined;
    adminPassword: string | undefined;
    sessionTtlHours: number;
    sessionIdleMinutes: number;
    cookieSecure: 'auto' | 'true' | 'false';
    trustProxy: boolean;
  }>;
  /** Requests per minute per client IP, by kind of route. */
  rateLimits: Readonly<{ api: number; auth: number; webhooks: number }>;
  /** How long an ingest worker holds the events it claimed before another instance may take them. */
  ingestLeaseSeconds: number;
  /** Where the ECB's euro reference rates are fetched from, or null when fetching is off. */
  fxRatesUrl: string | null;
  /** The SMTP server alert and report e-mails go through and their From address; null when not configured
   *  (e-mail deliveries then fail with that reason, shown in the alert centre). */
  mail: Readonly<{ smtpUrl: string; from: string }> | null;
  /** The bearer token GET /metrics (Prometheus) requires; null: the endpoint is off. */
  metricsToken: string | null;
  /** Scheduled backups: the folder, a cron expression ('off': none) and how many to keep. */
  backups: Readonly<{ dir: string; schedule: string; keep: number }>;
}>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => key in schema.shape && value !== ''),
  );
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(`Invalid configuration: ${variable} ${issue?.message ?? 'is invalid'}`);
  }
  const e = parsed.data;
  if (e.REVPULSE_SMTP_URL && !e.REVPULSE_MAIL_FROM) throw new ConfigError('Invalid configuration: REVPULSE_MAIL_FROM is required when REVPULSE_SMTP_URL is set');
  if (e.REVPULSE_BACKUP_SCHEDULE !== 'off') {
    try {
      new Cron(e.REVPULSE_BACKUP_SCHEDULE, { paused: true, timezone: 'UTC' }).stop();
    } catch (error) {
      throw new ConfigError(`Invalid configuration: REVPULSE_BACKUP_SCHEDULE must be a cron expression such as "0 3 * * *" (03:00 UTC daily) or off (${(error as Error).message})`);
    }
  }
  const dataDir = path.resolve(e.REVPULSE_DATA_DIR);
  // No known credentials in production: the demo (its published login and webhook secret) is on by
  // default only on the embedded database; on PostgreSQL it takes REVPULSE_DEMO=true.
  const demo = e.REVPULSE_DEMO ?? !e.DATABASE_URL;
  const config: Config = {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? { kind: 'postgres' as const, url: e.DATABASE_URL }
      : { kind: 'pglite' as const, dataDir: path.join(dataDir, 'pgdata') },
    dataDir,
    demo,
    demoPublic: e.REVPULSE_DEMO_PUBLIC,
    ingestThread: e.REVPULSE_INGEST_THREAD,
    // On unless turned off; off by default under the test runner, whose demo figures must hold still.
    demoPulseSeconds: demo && e.REVPULSE_DEMO_PULSE !== null ? (e.REVPULSE_DEMO_PULSE ?? (process.env.VITEST ? null : DEMO_PULSE_SECONDS)) : null,
    secretKey: e.REVPULSE_SECRET_KEY,
    publicUrl: e.REVPULSE_PUBLIC_URL,
    syncIntervalSeconds: e.REVPULSE_SYNC_INTERVAL,
    stripeApiUrl: e.REVPULSE_STRIPE_API_URL,
    paypalApiUrl: e.REVPULSE_PAYPAL_API_URL,
    logLevel: e.LOG_LEVEL,
    auth: {
      adminEmail: e.REVPULSE_ADMIN_EMAIL?.trim().toLowerCase(),
      adminPassword: e.REVPULSE_ADMIN_PASSWORD,
      sessionTtlHours: e.REVPULSE_SESSION_TTL_HOURS,
      sessionIdleMinutes: e.REVPULSE_SESSION_IDLE_MINUTES,
      cookieSecure: e.REVPULSE_COOKIE_SECURE,
      trustProxy: e.REVPULSE_TRUST_PROXY,
    },
    rateLimits: { api: e.REVPULSE_RATE_LIMIT_API, auth: e.REVPULSE_RATE_LIMIT_AUTH, webhooks: e.REVPULSE_RATE_LIMIT_WEBHOOKS },
    ingestLeaseSeconds: e.REVPULSE_INGEST_LEASE_SECONDS,
    // Off by default under the test runner: tests never reach the internet (they serve ECB's
    // files from a local server and set the URL).
    fxRatesUrl: e.REVPULSE_FX_RATES_URL === 'off' ? null : (e.REVPULSE_FX_RATES_URL ?? (process.env.VITEST ? null : ECB_BASE_URL)),
    mail: e.REVPULSE_SMTP_URL && e.REVPULSE_MAIL_FROM ? { smtpUrl: e.REVPULSE_SMTP_URL, from: e.REVPULSE_MAIL_FROM } : null,
    metricsToken: e.REVPULSE_METRICS_TOKEN ?? null,
    backups: { dir: path.resolve(e.REVPULSE_BACKUP_DIR ?? path.join(dataDir, 'backups')), schedule: e.REVPULSE_BACKUP_SCHEDULE, keep: e.REVPULSE_BACKUP_KEEP },
  };
  return Object.freeze(config);
}
