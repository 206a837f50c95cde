import { describe, expect, it } from 'vitest';
import { countsText, draftOf, keptText, readDraft } from './retention-view.js';

const policy = { rawPayloadDays: 90, usageRawDays: null, auditDays: 365, securityDays: null, exportDays: 7, updatedBy: null, updatedAt: null };

describe('retention policy form', () => {
  it('shows kept-for-ever fields empty and reads them back as null', () => {
    const draft = draftOf(policy);
    expect(draft).toEqual({ rawPayloadDays: '90', usageRawDays: '', auditDays: '365', securityDays: '', exportDays: '7' });
    expect(readDraft(draft)).toEqual({ ok: true, body: { rawPayloadDays: 90, usageRawDays: null, auditDays: 365, securityDays: null, exportDays: 7 } });
  });

  it.each([
    [{ auditDays: '10' }, 'auditDays', 'Audit log: at least 30 days'],
    [{ rawPayloadDays: '1.5' }, 'rawPayloadDays', 'Raw payloads: a whole number of days'],
    [{ securityDays: '40000' }, 'securityDays', 'Security events: at most 36500 days'],
    [{ exportDays: '' }, 'exportDays', 'GDPR export files: enter a number of days'],
    [{ usageRawDays: '0' }, 'usageRawDays', 'Raw usage events: at least 1 day'],
  ])('refuses %j with a message naming the field', (change, field, message) => {
    const result = readDraft({ ...draftOf(policy), ...change });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toEqual({ [field]: message });
  });

  it('words the kept days and a run', () => {
    expect(keptText(null)).toBe('Kept for ever');
    expect(keptText(1)).toBe('1 day');
    expect(countsText({ counts: { raw_payloads_scrubbed: 12, audit_entries_deleted: 3, usage_events_deleted: 0 } })).toBe('Provider payloads stripped: 12 · Audit entries dropped: 3');
    expect(countsText({ counts: {} })).toBe('Nothing to do');
  });
});
