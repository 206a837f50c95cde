// Reports (issue 14): the report document every format is rendered from, custom report
// definitions, schedules and the delivery log. A report is built once as a ReportDocument (its
// figures read through the read side: the registry's metrics, the summary, movements, cohorts,
// forecast, customer success) and every format — the e-mail's HTML and text, PDF, XLSX, CSV and the
// JSON of GET /v1/reports/{kind}?format=json — is rendered from that one document, so their numbers
// are the same numbers. Route, renderers and web app all import this file.
import * as z from 'zod/mini';
import { currencyCode, day, timestamp } from '../contract-common.js';
import { COMPARES } from '../series/contract.js';
import { METRIC_NAMES, METRIC_UNITS } from '../registry.js';

/** The built-in reports; a custom report is named by its id instead. */
export const BUILTIN_REPORTS = ['daily', 'weekly', 'board'] as const;
export type BuiltinReport = (typeof BUILTIN_REPORTS)[number];
export const REPORT_KINDS = [...BUILTIN_REPORTS, 'custom'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** What GET /v1/reports/{kind} can return; e-mails carry the HTML body and attachments. */
export const REPORT_FORMATS = ['json', 'html', 'pdf', 'xlsx', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const ATTACHMENT_FORMATS = ['pdf', 'xlsx', 'csv'] as const;
export type AttachmentFormat = (typeof ATTACHMENT_FORMATS)[number];

/** A custom report id: `rpt_` and 16 letters or digits (never one of the built-in kinds). */
export const customReportId = z.string().check(z.regex(/^rpt_[A-Za-z0-9]{16}$/));

/** How a cell or figure is read: the registry's units, plus text and calendar values. */
export const VALUE_UNITS = [...METRIC_UNITS, 'text', 'date', 'month'] as const;
export type ValueUnit = (typeof VALUE_UNITS)[number];

/**
 * One figure. `value` is integer minor units of `currency` when unit is money (never a float);
 * a ratio is a fraction (0.052 = 5.2 %); null with `reason` when the figure is undefined or its
 * input is missing (no FX rate, no usage feed) — the renderers show the reason, never a 0.
 */
export const reportFigure = z.object({
  metric: z.nullable(z.string()),
  label: z.string(),
  unit: z.enum(METRIC_UNITS),
  value: z.nullable(z.number()),
  currency: z.nullable(currencyCode),
  reason: z.optional(z.string()),
});
export type ReportFigure = z.infer<typeof reportFigure>;

/** A headline figure with what it is compared with (the previous day, week or month). */
export const reportKpi = z.object({
  figure: reportFigure,
  previous: z.nullable(z.number()),
  /** Money, counts and days: (value − previous) ÷ |previous|, null when either is missing or
   *  previous is 0. Ratios and scores: the difference value − previous (a churn rate from 2.1 % to
   *  2.6 % is +0.005, i.e. +0.5 percentage points — a relative change of a rate misleads). */
  change: z.nullable(z.number()),
  /** "vs Nov 30", "vs previous week", … */
  comparedWith: z.nullable(z.string()),
  /** True when a rise is bad news (churn, failed payments, customers at risk). */
  lowerIsBetter: z.boolean(),
});
export type ReportKpi = z.infer<typeof reportKpi>;

/** A column. Money cells are in the table's currency, or — in a table of several currencies — in
 *  the currency named by the row's `currencyColumn` cell. */
export const reportColumn = z.object({ key: z.string(), label: z.string(), unit: z.enum(VALUE_UNITS), currencyColumn: z.optional(z.string()) });
export type ReportColumn = z.infer<typeof reportColumn>;

/** Cells by column key: money cells integer minor units of the table's currency, dates YYYY-MM-DD. */
export const reportRow = z.record(z.string(), z.nullable(z.union([z.string(), z.number()])));
export type ReportRow = z.infer<typeof reportRow>;

export const reportTable = z.object({
  id: z.string(),
  title: z.string(),
  currency: z.nullable(currencyCode),
  columns: z.array(reportColumn),
  rows: z.array(reportRow),
  /** A totals row, when summing the columns means something. */
  total: z.nullable(reportRow),
  note: z.nullable(z.string()),
});
export type ReportTable = z.infer<typeof reportTable>;

/** A chart: categories along x, one or more series (money series in minor units of `currency`). */
export const reportChart = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(['line', 'bar', 'stacked_bar']),
  unit: z.enum(METRIC_UNITS),
  currency: z.nullable(currencyCode),
  categories: z.array(z.string()),
  series: z.array(z.object({ name: z.string(), values: z.array(z.nullable(z.number())) })),
  /** A shaded interval (a forecast's lower and upper bounds), aligned with categories. */
  band: z.nullable(z.object({ name: z.string(), lower: z.array(z.nullable(z.number())), upper: z.array(z.nullable(z.number())) })),
});
export type ReportChart = z.infer<typeof reportChart>;

export const reportBlock = z.discriminatedUnion('type', [
  z.object({ type: z.literal('kpis'), kpis: z.array(reportKpi) }),
  z.object({ type: z.literal('table'), table: reportTable }),
  z.object({ type: z.literal('chart'), chart: reportChart }),
  z.object({ type: z.literal('text'), paragraphs: z.array(z.string()) }),
]);
export type ReportBlock = z.infer<typeof reportBlock>;

export const reportSection = z.object({
  id: z.string(),
  title: z.string(),
  /** Why part of this section is missing or partial ("No usage feed: …"), shown with it. */
  note: z.nullable(z.string()),
  blocks: z.array(reportBlock),
});
export type ReportSection = z.infer<typeof reportSection>;

/** Which period a report covers: a day (`2026-12-01`), an ISO week (`2026-W48`), a month (`2026-11`). */
export const reportPeriod = z.object({ key: z.string(), label: z.string(), from: day, to: day });
export type ReportPeriod = z.infer<typeof reportPeriod>;

export const reportDocument = z.object({
  /** 'daily', 'weekly', 'board' or the custom report's id. */
  key: z.string(),
  kind: z.enum(REPORT_KINDS),
  title: z.string(),
  workspace: z.object({ id: z.string(), name: z.string() }),
  period: reportPeriod,
  /** Every figure is read as of this instant (nothing dated after it counts). */
  asOf: timestamp,
  currency: currencyCode,
  generatedAt: timestamp,
  /** The written summary: template sentences generated from the figures. */
  summary: z.array(z.string()),
  sections: z.array(reportSection),
});
export type ReportDocument = z.infer<typeof reportDocument>;

export const CUSTOM_GRANULARITIES = ['day', 'week', 'month', 'quarter'] as const;

/** A saved custom report: registry metrics over the last `periods` periods, optionally a segment. */
export const customReportDefinition = z.object({
  metrics: z.array(z.enum(METRIC_NAMES)).check(z.minLength(1), z.maxLength(12)),
  granularity: z.enum(CUSTOM_GRANULARITIES),
  /** How many periods, ending with the report's period. */
  periods: z.int().check(z.gte(1), z.lte(36)),
  compare: z.nullable(z.enum(COMPARES)),
  /** A segment whose customers get their own table (count, MRR, health, risk), or null. */
  segmentId: z.nullable(z.string()),
});
export type CustomReportDefinition = z.infer<typeof customReportDefinition>;

export const customReport = z.object({
  id: customReportId,
  name: z.string(),
  definition: customReportDefinition,
  createdBy: z.nullable(z.string()),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type CustomReport = z.infer<typeof customReport>;

/** GET /v1/reports: what can be read and sent. */
export const reportListResponse = z.object({
  builtin: z.array(z.object({ kind: z.enum(BUILTIN_REPORTS), title: z.string(), description: z.string(), defaultPeriod: z.string() })),
  custom: z.array(customReport),
});
export type ReportListResponse = z.infer<typeof reportListResponse>;

export const reportSchedule = z.object({
  id: z.string(),
  reportKey: z.string(),
  cron: z.string(),
  timeZone: z.string(),
  recipients: z.array(z.string()),
  formats: z.array(z.enum(ATTACHMENT_FORMATS)),
  enabled: z.boolean(),
  /** The next time it fires (in UTC), null when disabled. */
  nextRunAt: z.nullable(timestamp),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type ReportSchedule = z.infer<typeof reportSchedule>;

export const reportDelivery = z.object({
  id: z.string(),
  scheduleId: z.nullable(z.string()),
  reportKey: z.string(),
  periodKey: z.string(),
  asOf: timestamp,
  recipients: z.array(z.string()),
  formats: z.array(z.enum(ATTACHMENT_FORMATS)),
  trigger: z.enum(['schedule', 'manual']),
  requestedBy: z.nullable(z.string()),
  status: z.enum(['pending', 'rendering', 'sending', 'sent', 'failed', 'interrupted']),
  attempts: z.int(),
  nextAttemptAt: z.nullable(timestamp),
  lastError: z.nullable(z.string()),
  renderMs: z.nullable(z.int()),
  bytes: z.nullable(z.int()),
  sentAt: z.nullable(timestamp),
  createdAt: timestamp,
});
export type ReportDelivery = z.infer<typeof reportDelivery>;

// The API's requests and answers (src/api/routes/report*.ts validate and serialise with these; the
// Reports screen parses them). Cron expressions, time zones and report keys are checked by the
// delivery service (src/reports/delivery/service.ts), which names the field in its message.

/** POST /v1/reports/custom; PUT /v1/reports/custom/:id takes any of its fields. */
export const customReportInput = z.object({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(80)),
  definition: customReportDefinition,
});
export type CustomReportInput = z.infer<typeof customReportInput>;
export const customReportUpdate = z.partial(customReportInput);
export type CustomReportUpdate = z.infer<typeof customReportUpdate>;
export const customReportAnswer = z.object({ report: customReport });

/** POST /v1/report-schedules (timeZone defaults to UTC, formats to pdf and xlsx, enabled to true);
 *  PUT /v1/report-schedules/:id takes any of its fields. */
export const reportScheduleInput = z.object({
  reportKey: z.string().check(z.minLength(1), z.maxLength(80)),
  cron: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
  timeZone: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(64))),
  recipients: z.array(z.email().check(z.maxLength(254))).check(z.minLength(1), z.maxLength(50)),
  formats: z.optional(z.array(z.enum(ATTACHMENT_FORMATS)).check(z.maxLength(3))),
  enabled: z.optional(z.boolean()),
});
export type ReportScheduleInput = z.infer<typeof reportScheduleInput>;
export const reportScheduleUpdate = z.partial(reportScheduleInput);
export type ReportScheduleUpdate = z.infer<typeof reportScheduleUpdate>;
export const reportScheduleAnswer = z.object({ schedule: reportSchedule });
/** GET /v1/report-schedules; emailConfigured is false when the server has no SMTP settings. */
export const reportScheduleListResponse = z.object({ data: z.array(reportSchedule), emailConfigured: z.boolean() });

/** POST /v1/reports/{kind}/send: period absent is the last complete one; `to` absent is the
 *  recipients of the report's schedules, else the requester; formats absent: the service's default. */
export const reportSendInput = z.object({
  period: z.optional(z.string().check(z.minLength(1), z.maxLength(20))),
  to: z.optional(z.array(z.email().check(z.maxLength(254))).check(z.minLength(1), z.maxLength(50))),
  formats: z.optional(z.array(z.enum(ATTACHMENT_FORMATS)).check(z.maxLength(3))),
});
export type ReportSendInput = z.infer<typeof reportSendInput>;
export const reportDeliveryAnswer = z.object({ delivery: reportDelivery });
/** GET /v1/report-deliveries: newest first; nextCursor is passed back as `cursor` for the next page. */
export const reportDeliveryListResponse = z.object({ data: z.array(reportDelivery), nextCursor: z.nullable(z.string()) });
