// The envelope every message on /v1/live shares. Features decide what a `type` means; here we
// only check the shape, so an unknown type passes through (to be ignored) and garbage is dropped.
import * as z from 'zod/mini';

export type LiveEnvelope = {
  type: string;
  /** Position in the workspace's stream; sent back as `since` when reconnecting. */
  seq: number | null;
  at: string | null;
  data: unknown;
};

const envelopeSchema = z.object({
  type: z.string(),
  seq: z.optional(z.nullable(z.int().check(z.nonnegative()))),
  at: z.optional(z.nullable(z.string())),
  data: z.optional(z.unknown()),
});

export function parseLiveEnvelope(raw: unknown): LiveEnvelope | null {
  if (typeof raw !== 'string') return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) return null;
  return {
    type: parsed.data.type,
    seq: parsed.data.seq ?? null,
    at: parsed.data.at ?? null,
    data: parsed.data.data,
  };
}
