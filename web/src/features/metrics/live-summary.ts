// Turns `mrr_updated` live messages into new summary figures (no refetch). The server delivers
// a workspace's messages in sequence order, replaying what a reconnecting client missed, so the
// latest message received is the latest state.
import * as z from 'zod/mini';
import { timestampSchema } from '../../lib/schemas.js';
import type { LiveEnvelope } from '../live/live-message.js';
import { metricFiguresSchema, pickFigures, type MetricFigures, type Summary } from './summary.js';

export type MrrUpdate = { seq: number | null; at: string; figures: MetricFigures };

const mrrUpdatedSchema = z.object({ at: timestampSchema, data: metricFiguresSchema });

export function mrrUpdateFrom(envelope: LiveEnvelope): MrrUpdate | null {
  if (envelope.type !== 'mrr_updated') return null;
  const parsed = mrrUpdatedSchema.safeParse({ at: envelope.at, data: envelope.data });
  if (!parsed.success) return null;
  return { seq: envelope.seq, at: parsed.data.at, figures: pickFigures(parsed.data.data) };
}

export function applyMrrUpdate(summary: Summary, update: MrrUpdate): Summary {
  return { ...summary, ...update.figures, asOf: update.at };
}

/** The server could not replay what was missed: the client must reload its figures. */
export function isResync(envelope: LiveEnvelope): boolean {
  return envelope.type === 'resync';
}
