import { randomBytes } from 'node:crypto';

/** Opaque, URL-safe ids with a readable prefix: ws_…, src_…. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}
