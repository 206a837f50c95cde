// The GDPR request queue's rules: who may queue what (a customer already erased, or about to be,
// cannot be erased again), and processing one claimed request — export (the ZIP kept for the
// workspace's export_days), anonymise or delete (src/compliance/customer-data.ts) — into
// completed or failed, with audit entries for the request and its outcome. The background job
// (src/jobs/gdpr-requests.ts), the API and the command line all go through here.
import type { Kysely } from 'kysely';
import { recordAudit, type Actor, type RequestMeta } from '../accounts/security-log.js';
import { ApiError } from '../errors.js';
import {
  claimNextGdprRequest, completeGdprRequest, exportDays, failGdprRequest, findErasure, getGdprRequest, insertGdprRequest,
  type GdprRequester, type StoredGdprRequest,
} from '../store/gdpr-requests-repo.js';
import { newId } from '../store/ids.js';
import type { Database } from '../store/schema.js';
import type { GdprRequestKind } from '../store/schema-compliance.js';
import { CustomerNotFoundError, eraseCustomer, exportCustomerData } from './customer-data.js';

const DAY_MS = 86_400_000;

/** Who records the outcome of a request the background job processed. */
export const GDPR_JOB_ACTOR: Actor = { type: 'system', id: null, label: 'GDPR request queue' };
const NO_META: RequestMeta = { ip: null, userAgent: null };

const day = (d: Date) => d.toISOString().slice(0, 10);

function erasedMessage(customerId: string, prior: StoredGdprRequest): string {
  const done = prior.kind === 'delete' ? 'deleted' : 'anonymised';
  if (prior.status === 'completed') {
    return `Customer ${customerId} was already ${done} on ${day(prior.completedAt ?? prior.requestedAt)} (request ${prior.id}): its personal data is gone, so there is nothing left to anonymise or delete.`;
  }
  return `Customer ${customerId} is already queued to be ${done} (request ${prior.id}, ${prior.status}): wait for that request to finish.`;
}

/** Queues a request and writes its audit entry; 409 RVP_GDPR_ALREADY_ERASED for a second erasure. */
export async function requestGdpr(
  db: Kysely<Database>,
  input: { workspaceId: string; kind: GdprRequestKind; customerId: string; requestedBy: GdprRequester; meta: RequestMeta; now: Date },
): Promise<StoredGdprRequest> {
  if (input.kind !== 'export') {
    const prior = await findErasure(db, input.workspaceId, input.customerId);
    if (prior) throw new ApiError('RVP_GDPR_ALREADY_ERASED', erasedMessage(input.customerId, prior));
  }
  const request = await insertGdprRequest(db, { workspaceId: input.workspaceId, id: newId('gdpr'), kind: input.kind, customerId: input.customerId, requestedBy: input.requestedBy, now: input.now });
  await recordAudit(db, {
    workspaceIds: [input.workspaceId], actor: input.requestedBy, action: 'gdpr.requested',
    target: { type: 'customer', id: input.customerId }, detail: { requestId: request.id, kind: input.kind }, meta: input.meta, at: input.now,
  });
  return request;
}

function failureMessage(error: unknown): string {
  if (error instanceof CustomerNotFoundError) return `${error.message}: no customer record, event or signal has this id (check the id on the Customers screen).`;
  if (error instanceof ApiError) return error.message;
  return error instanceof Error ? `The request failed: ${error.message}` : 'The request failed.';
}

type Done = { result: Record<string, unknown>; pseudonym: string | null; artifact: Uint8Array | null; artifactExpiresAt: Date | null };

async function carryOut(db: Kysely<Database>, request: StoredGdprRequest, now: Date): Promise<Done> {
  const ref = { workspaceId: request.workspaceId, customerId: request.customerId };
  if (request.kind === 'export') {
    const exported = await exportCustomerData(db, ref);
    const days = await exportDays(db, request.workspaceId);
    return { result: { counts: exported.counts, bytes: exported.zip.byteLength }, pseudonym: null, artifact: exported.zip, artifactExpiresAt: new Date(now.getTime() + days * DAY_MS) };
  }
  // The check at request time cannot see a request queued at the same moment: look again.
  const prior = await findErasure(db, request.workspaceId, request.customerId, { excluding: request.id });
  if (prior?.status === 'completed') throw new ApiError('RVP_GDPR_ALREADY_ERASED', erasedMessage(request.customerId, prior));
  const erased = await eraseCustomer(db, ref, { mode: request.kind, now });
  return { result: { counts: erased.counts }, pseudonym: erased.pseudonym, artifact: null, artifactExpiresAt: null };
}

/** Carries out a claimed request and records completed or failed (with audit entry); the row as it ends. */
export async function processGdprRequest(db: Kysely<Database>, request: StoredGdprRequest, options: { now: () => Date; actor?: Actor }): Promise<StoredGdprRequest> {
  const claim = { workspaceId: request.workspaceId, id: request.id, startedAt: request.startedAt ?? request.requestedAt };
  const audit = (action: string, detail: Record<string, unknown>) => recordAudit(db, {
    workspaceIds: [request.workspaceId], actor: options.actor ?? GDPR_JOB_ACTOR, action,
    target: { type: 'customer', id: request.customerId }, detail: { requestId: request.id, kind: request.kind, requestedBy: request.requestedBy.label, ...detail },
    meta: NO_META, at: options.now(),
  });
  let done: Done;
  try {
    done = await carryOut(db, request, options.now());
  } catch (error) {
    const message = failureMessage(error);
    if (await failGdprRequest(db, claim, { completedAt: options.now(), error: message })) await audit('gdpr.failed', { error: message });
    return (await getGdprRequest(db, request.workspaceId, request.id)) ?? request;
  }
  if (await completeGdprRequest(db, claim, { completedAt: options.now(), ...done })) {
    await audit('gdpr.completed', { ...done.result, ...(done.pseudonym ? { pseudonym: done.pseudonym } : {}) });
  }
  return (await getGdprRequest(db, request.workspaceId, request.id)) ?? request;
}

/** Claims the oldest due request (or only `requestId`) and processes it; null when none was due. */
export async function processNextGdprRequest(db: Kysely<Database>, options: { now: () => Date; staleBefore: Date; requestId?: string; actor?: Actor }): Promise<StoredGdprRequest | null> {
  const claimed = await claimNextGdprRequest(db, { now: options.now(), staleBefore: options.staleBefore, ...(options.requestId !== undefined ? { requestId: options.requestId } : {}) });
  if (!claimed) return null;
  return processGdprRequest(db, claimed, options);
}

/**
 * Processes one queued request now and waits for its outcome (the command line): it is claimed
 * here, or — when a running server's job took it first — awaited until that job finishes it.
 */
export async function runGdprRequestNow(db: Kysely<Database>, request: StoredGdprRequest, options: { now: () => Date; actor?: Actor; waitMs?: number }): Promise<StoredGdprRequest> {
  const processed = await processNextGdprRequest(db, { now: options.now, staleBefore: new Date(0), requestId: request.id, ...(options.actor ? { actor: options.actor } : {}) });
  if (processed) return processed;
  const deadline = Date.now() + (options.waitMs ?? 10 * 60_000);
  for (;;) {
    const current = await getGdprRequest(db, request.workspaceId, request.id);
    if (!current || current.status === 'completed' || current.status === 'failed' || Date.now() > deadline) return current ?? request;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
