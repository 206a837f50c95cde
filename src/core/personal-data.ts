// Personal data inside provider payloads (Stripe, PayPal, import rows, tracking messages, support
// tickets and survey responses): which fields hold it, and a copy of a payload with those fields
// replaced. Two passes, both pure:
//   scrubPayload      by path: knows the shapes we store, so a product's, price's, plan's or
//                     coupon's `name` (revenue by plan reads it) and a page's name are kept while
//                     a customer's, a billing contact's or a subscriber's name is replaced;
//   scrubKnownValues  by value: any string equal to or containing one of the customer's known
//                     e-mails, names, phone numbers or address lines, wherever it sits in the tree
//                     (a charge description, a metadata field, a ticket subject). This is the pass
//                     that guarantees nothing is left.
// Shapes are never changed: a replaced address line becomes null, an object stays an object, so a
// scrubbed payload still parses and a rebuild from it gives the same revenue.

export type PersonalField = 'name' | 'email' | 'phone' | 'address' | 'other';

/** What replaces a personal field: a pseudonym's text for names and e-mails, null to drop it. */
export type PersonalDataReplacer = (field: PersonalField, value: unknown) => unknown;

/** Objects whose `name`, `nickname` and `description` name a product, not a person. */
const CATALOG_OBJECTS = new Set([
  'product', 'price', 'plan', 'coupon', 'promotion_code', 'tax_rate', 'shipping_rate', 'line_item', 'invoiceitem',
  'subscription_item', 'discount', 'tax_code', 'billing.meter', 'account', 'balance_transaction', 'payout', 'fee',
]);
/** Keys whose object value is a catalog entry even without `object` (PayPal plans, Segment properties). */
const CATALOG_KEYS = new Set(['product', 'price', 'plan', 'coupon', 'promotion_code', 'properties', 'plan_overridden']);
const NAME_KEYS = new Set([
  'name', 'customer_name', 'customername', 'given_name', 'surname', 'middle_name', 'full_name', 'fullname', 'first_name', 'firstname',
  'last_name', 'lastname', 'payer_name', 'username', 'user_name', 'display_name', 'displayname', 'alternate_full_name', 'account_holder_name',
  'cardholder_name', 'contact_name',
]);
/** Objects of these keys are addresses: every string in them but the country is personal. */
const ADDRESS_KEYS = new Set(['address', 'billing_address', 'shipping_address', 'customer_address', 'registered_address', 'home_address', 'mailing_address']);
/** Objects of these keys hold a name, a phone and an address together (Stripe shipping details). */
const CONTACT_KEYS = new Set(['shipping', 'customer_shipping', 'billing_details', 'customer_details', 'shipping_details', 'subscriber', 'payer', 'payer_info', 'payer_name']);
const LINE_KEYS = new Set(['line1', 'line2', 'address_line_1', 'address_line_2', 'address_line_3', 'street', 'street_address']);
const COUNTRY_KEYS = new Set(['country', 'country_code', 'countrycode']);
const TAX_ID_KEYS = new Set(['tax_ids', 'customer_tax_ids', 'tax_id', 'tax_id_data', 'vat_number', 'vat_id', 'tax_info', 'tax_identifier']);
const IP_KEYS = new Set(['ip', 'ip_address', 'ipaddress', 'client_ip', 'remote_ip', 'user_agent', 'useragent']);
/** Free text written by or about the person: ticket subjects, survey comments, cancellation notes. */
const FREE_TEXT_KEYS = new Set(['comment', 'comments', 'subject']);
/** Inside tracking traits (Segment reserved traits): more that identifies a person. */
const TRAIT_KEYS = new Set(['birthday', 'avatar', 'gender', 'age', 'title', 'website', 'company', 'description']);

type Context = { key: string | null; inAddress: boolean; inPhone: boolean; inTaxId: boolean; inTraits: boolean; inName: boolean };
const ROOT: Context = { key: null, inAddress: false, inPhone: false, inTaxId: false, inTraits: false, inName: false };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function isCatalog(object: Record<string, unknown>, key: string | null): boolean {
  if (key !== null && CONTACT_KEYS.has(key)) return false;
  if (typeof object.object === 'string') return CATALOG_OBJECTS.has(object.object);
  if (key !== null && CATALOG_KEYS.has(key)) return true;
  // PayPal plans and products (BILLING.PLAN.*, CATALOG.PRODUCT.*): a plan carries its billing
  // cycles, a product its category; a Segment page or screen message names the page.
  if ('billing_cycles' in object || ('product_id' in object && !('subscriber' in object))) return true;
  if (typeof object.id === 'string' && object.id.startsWith('PROD-')) return true;
  if ((object.type === 'page' || object.type === 'screen') && ('messageId' in object || 'anonymousId' in object || 'userId' in object)) return true;
  return false;
}

/** The field a key names, for a string value, or null when the key holds nothing personal. */
function fieldOf(key: string, parent: Record<string, unknown>, catalog: boolean, ctx: Context): PersonalField | null {
  const k = key.toLowerCase();
  if (ctx.inAddress) return COUNTRY_KEYS.has(k) ? null : 'address';
  if (ctx.inPhone) return COUNTRY_KEYS.has(k) ? null : 'phone';
  if (ctx.inName) return 'name';
  if (ctx.inTaxId) return k === 'value' || TAX_ID_KEYS.has(k) ? 'other' : null;
  if (k.includes('email')) return 'email';
  if (k.includes('phone') || k === 'mobile' || k === 'national_number') return 'phone';
  if (ADDRESS_KEYS.has(k) || LINE_KEYS.has(k)) return 'address';
  if (NAME_KEYS.has(k)) return catalog ? null : 'name';
  if (TAX_ID_KEYS.has(k) || IP_KEYS.has(k)) return 'other';
  if (k === 'description' && parent.object === 'customer') return 'other';
  if (FREE_TEXT_KEYS.has(k) && !catalog) return 'other';
  if (ctx.inTraits && TRAIT_KEYS.has(k)) return 'other';
  return null;
}

function walk(value: unknown, ctx: Context, replace: PersonalDataReplacer): unknown {
  if (Array.isArray(value)) return value.map((item) => walk(item, ctx, replace));
  if (!isRecord(value)) return value;
  const catalog = !ctx.inAddress && !ctx.inPhone && !ctx.inName && isCatalog(value, ctx.key);
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const k = key.toLowerCase();
    if (isRecord(child) || Array.isArray(child)) {
      // A name given as an object ({given_name, surname}, {full_name}) or a company in tracking
      // traits is a name throughout; an address or a phone object is personal throughout.
      const phone = k.includes('phone') && !ctx.inAddress;
      // A catalog object's previous attributes (product.updated) are the catalog's too.
      const previousOfCatalog = k === 'previous_attributes' && isRecord(value.object) && isCatalog(value.object, 'object');
      out[key] = walk(child, {
        key: previousOfCatalog ? 'product' : k,
        inAddress: ctx.inAddress || ADDRESS_KEYS.has(k),
        inPhone: ctx.inPhone || phone,
        inTaxId: ctx.inTaxId || TAX_ID_KEYS.has(k),
        inTraits: ctx.inTraits || k === 'traits',
        inName: ctx.inName || (NAME_KEYS.has(k) && !catalog) || (k === 'company' && ctx.inTraits),
      }, replace);
      continue;
    }
    if (typeof child !== 'string' || child === '') {
      out[key] = child;
      continue;
    }
    const field = fieldOf(key, value, catalog, ctx);
    out[key] = field === null ? child : replace(field, child);
  }
  return out;
}

/** A copy of `payload` with every personal field replaced; the input is not changed. */
export function scrubPayload(payload: unknown, replace: PersonalDataReplacer): unknown {
  return walk(payload, ROOT, replace);
}

export type PersonalValues = { emails: string[]; names: string[]; phones: string[]; addressLines: string[] };

/** The personal values a payload holds, by kind (each once, as written): what the value pass
 *  then searches for everywhere else. Address lines are the street lines, not cities or codes. */
export function personalValues(payloads: readonly unknown[]): PersonalValues {
  const found = { emails: new Set<string>(), names: new Set<string>(), phones: new Set<string>(), addressLines: new Set<string>() };
  for (const payload of payloads) {
    walk(payload, ROOT, (field, value) => {
      if (typeof value !== 'string' || value.trim() === '') return value;
      const v = value.trim();
      if (field === 'email') found.emails.add(v);
      else if (field === 'name') found.names.add(v);
      else if (field === 'phone') found.phones.add(v);
      return value;
    });
    collectAddressLines(payload, found.addressLines);
  }
  return { emails: [...found.emails], names: [...found.names], phones: [...found.phones], addressLines: [...found.addressLines] };
}

function collectAddressLines(value: unknown, into: Set<string>, inAddress = false): void {
  if (Array.isArray(value)) {
    for (const item of value) collectAddressLines(item, into, inAddress);
    return;
  }
  if (!isRecord(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const k = key.toLowerCase();
    if (typeof child === 'string') {
      if ((inAddress && LINE_KEYS.has(k)) || (ADDRESS_KEYS.has(k) && child.trim() !== '')) into.add(child.trim());
    } else {
      collectAddressLines(child, into, inAddress || ADDRESS_KEYS.has(k));
    }
  }
}

/** Known values shorter than this are not searched for inside longer strings (a customer called
 *  "Al" must not blank every "Alpha plan"); they are still replaced where a string equals them. */
export const MIN_CONTAINED_LENGTH = 5;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Replaces known values in one string: equal (case-insensitively, trimmed) → the replacement;
 *  containing one → that part replaced. Returns the string itself when nothing matched. */
export function scrubString(text: string, values: readonly string[], replacement: string | ((known: string) => string)): string {
  const usable = values.map((v) => v.trim()).filter((v) => v !== '').sort((a, b) => b.length - a.length);
  if (usable.length === 0) return text;
  const substitute = (known: string) => (typeof replacement === 'string' ? replacement : replacement(known));
  const exact = usable.find((v) => v.toLowerCase() === text.trim().toLowerCase());
  if (exact !== undefined) return substitute(exact);
  const contained = usable.filter((v) => v.length >= MIN_CONTAINED_LENGTH);
  if (contained.length === 0) return text;
  const pattern = new RegExp(contained.map(escape).join('|'), 'gi');
  return text.replace(pattern, (match) => substitute(contained.find((v) => v.toLowerCase() === match.toLowerCase()) ?? match));
}

/**
 * A copy of `payload` in which every string (values and object keys alike) equal to or containing
 * one of `values` has it replaced, anywhere in the tree. `replacement` may depend on the value
 * found (an e-mail's stand-in is an e-mail, a name's a name).
 */
export function scrubKnownValues(payload: unknown, values: readonly string[], replacement: string | ((known: string) => string)): unknown {
  const visit = (value: unknown): unknown => {
    if (typeof value === 'string') return scrubString(value, values, replacement);
    if (Array.isArray(value)) return value.map(visit);
    if (!isRecord(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) out[scrubString(key, values, replacement)] = visit(child);
    return out;
  };
  return visit(payload);
}

/** Every string in a JSON tree (values, not keys), for a check or a hash lookup. */
export function stringsIn(payload: unknown, into: string[] = []): string[] {
  if (typeof payload === 'string') into.push(payload);
  else if (Array.isArray(payload)) for (const item of payload) stringsIn(item, into);
  else if (isRecord(payload)) for (const child of Object.values(payload)) stringsIn(child, into);
  return into;
}

export type Pseudonym = { name: string; email: string };

/** The replacer an erasure uses: names and e-mails become the pseudonym's, everything else null. */
export function pseudonymReplacer(pseudonym: Pseudonym): PersonalDataReplacer {
  return (field) => (field === 'name' ? pseudonym.name : field === 'email' ? pseudonym.email : null);
}

/** The stand-in for a known value: an e-mail's is the pseudonym's e-mail, anything else its name. */
export function pseudonymFor(pseudonym: Pseudonym): (known: string) => string {
  return (known) => (known.includes('@') ? pseudonym.email : pseudonym.name);
}
