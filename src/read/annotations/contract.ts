// /v1/annotations: notes pinned to a day on the revenue charts. The route serialises with these and
// the charts parse with them.
import * as z from 'zod/mini';
import { day, timestamp } from '../contract-common.js';

export const ANNOTATION_KINDS = ['launch', 'campaign', 'pricing', 'incident', 'other'] as const;
export type AnnotationKind = (typeof ANNOTATION_KINDS)[number];

export const annotation = z.object({
  id: z.string(),
  day,
  title: z.string(),
  description: z.nullable(z.string()),
  kind: z.enum(ANNOTATION_KINDS),
  createdBy: z.object({ userId: z.nullable(z.string()), label: z.string() }),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Annotation = z.infer<typeof annotation>;

/** GET /v1/annotations */
export const annotationList = z.object({ data: z.array(annotation) });
/** POST and PUT /v1/annotations */
export const annotationAnswer = z.object({ annotation });
