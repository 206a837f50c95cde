// Personal data inside provider payloads (Stripe, PayPal, import rows, tracking messages): which
// fields hold it, and a copy of a payload with those fields replaced. Pure; no I/O.
// (Scaffold: the GDPR data work fills this in; retention and erasure both call it.)

/** What replaces a personal field: a pseudonym's text for names and e-mails, null to drop it. */
export type PersonalDataReplacer = (field: 'name' | 'email' | 'phone' | 'address' | 'other', value: unknown) => unknown;

/** A copy of `payload` with every personal field replaced; the input is not changed. */
export function scrubPayload(payload: unknown, replace: PersonalDataReplacer): unknown {
  void replace;
  return payload;
}
