// Believable customers without external data: company names from two word lists, a billing
// contact, and a country with a real city, postcode and web domain suffix. Each currency has
// its own countries, so a euro customer lives in the euro area and a pound customer in the UK.
import type { StripeAddress } from './stripe-types.js';
import type { Rng } from './random.js';

export type DemoCurrency = 'usd' | 'eur' | 'gbp';

export type CustomerProfile = {
  name: string;
  email: string;
  phone: string | null;
  address: StripeAddress;
  /** Two-letter country code, as on the address. */
  country: string;
  preferredLocale: string;
};

const FIRST = [
  'Anna', 'Ben', 'Carla', 'David', 'Elena', 'Farid', 'Grace', 'Hugo', 'Ines', 'James', 'Kai',
  'Lena', 'Marco', 'Nadia', 'Oscar', 'Priya', 'Quentin', 'Rosa', 'Sam', 'Tara', 'Umar', 'Vera',
  'Will', 'Yuki', 'Zoe', 'Luis', 'Maya', 'Noah', 'Sofia', 'Tom',
];
const LAST = [
  'Adams', 'Bauer', 'Costa', 'Dubois', 'Evans', 'Fischer', 'Garcia', 'Hughes', 'Ito', 'Jansen',
  'Khan', 'Laurent', 'Meyer', 'Novak', "O'Brien", 'Patel', 'Rossi', 'Schmidt', 'Tanaka', 'Usman',
  'Visser', 'Walsh', 'Young', 'Zimmer', 'Moreau', 'Silva', 'Nguyen', 'Murphy', 'Keller', 'Lopez',
];
const BRAND = [
  'Acme', 'Aurora', 'Beacon', 'Birch', 'Bluebird', 'Brightline', 'Cascade', 'Cedar', 'Cobalt',
  'Copper', 'Crescent', 'Drift', 'Ember', 'Evergreen', 'Falcon', 'Fjord', 'Foxglove', 'Granite',
  'Harbor', 'Helix', 'Indigo', 'Juniper', 'Keystone', 'Lantern', 'Maple', 'Meridian', 'Nimbus',
  'Northwind', 'Oakridge', 'Orbit', 'Pioneer', 'Quartz', 'Redwood', 'Saffron', 'Sierra',
  'Summit', 'Tidal', 'Vertex', 'Willow', 'Zephyr', 'Kestrel', 'Lumen', 'Mosaic',
];
const TRADE = [
  'Labs', 'Analytics', 'Studio', 'Health', 'Logistics', 'Software', 'Systems', 'Media', 'Works',
  'Cloud', 'Robotics', 'Learning', 'Finance', 'Foods', 'Design', 'Data', 'Security', 'Energy',
  'Travel', 'Commerce', 'Legal', 'Bio', 'Mobility', 'Games', 'Partners', 'Digital', 'Ventures',
  'Networks', 'Apps', 'Retail', 'Dental', 'Fitness', 'Realty', 'Events', 'Insights',
];
const STREETS = ['Market St', 'High Street', 'Main St', 'Oak Avenue', 'Station Road', 'Harbour Way', 'Park Lane'];

type City = readonly [city: string, state: string | null, postalCode: string];
type Country = {
  code: string;
  tlds: readonly string[];
  legal: string;
  locale: string;
  dialCode: string;
  cities: readonly City[];
};

const COUNTRIES: Record<string, Country> = {
  US: { code: 'US', tlds: ['.com', '.io', '.co'], legal: 'Inc.', locale: 'en-US', dialCode: '+1',
    cities: [['San Francisco', 'CA', '94107'], ['Austin', 'TX', '78701'], ['New York', 'NY', '10013'],
      ['Denver', 'CO', '80202'], ['Seattle', 'WA', '98104'], ['Boston', 'MA', '02110'], ['Chicago', 'IL', '60607']] },
  CA: { code: 'CA', tlds: ['.ca', '.com'], legal: 'Inc.', locale: 'en-CA', dialCode: '+1',
    cities: [['Toronto', 'ON', 'M5V 2T6'], ['Vancouver', 'BC', 'V6B 1A1'], ['Montréal', 'QC', 'H2Y 1C6']] },
  AU: { code: 'AU', tlds: ['.com.au', '.io'], legal: 'Pty Ltd', locale: 'en-AU', dialCode: '+61',
    cities: [['Sydney', 'NSW', '2000'], ['Melbourne', 'VIC', '3000']] },
  SG: { code: 'SG', tlds: ['.sg', '.com'], legal: 'Pte. Ltd.', locale: 'en-SG', dialCode: '+65',
    cities: [['Singapore', null, '018956']] },
  DE: { code: 'DE', tlds: ['.de', '.io'], legal: 'GmbH', locale: 'de-DE', dialCode: '+49',
    cities: [['Berlin', null, '10115'], ['München', null, '80331'], ['Hamburg', null, '20095'], ['Köln', null, '50667']] },
  FR: { code: 'FR', tlds: ['.fr', '.io'], legal: 'SAS', locale: 'fr-FR', dialCode: '+33',
    cities: [['Paris', null, '75002'], ['Lyon', null, '69002'], ['Nantes', null, '44000']] },
  NL: { code: 'NL', tlds: ['.nl', '.io'], legal: 'B.V.', locale: 'nl-NL', dialCode: '+31',
    cities: [['Amsterdam', null, '1012 AB'], ['Utrecht', null, '3511 AX'], ['Rotterdam', null, '3011 AD']] },
  ES: { code: 'ES', tlds: ['.es', '.com'], legal: 'S.L.', locale: 'es-ES', dialCode: '+34',
    cities: [['Madrid', null, '28013'], ['Barcelona', null, '08002'], ['Valencia', null, '46002']] },
  IT: { code: 'IT', tlds: ['.it', '.com'], legal: 'S.r.l.', locale: 'it-IT', dialCode: '+39',
    cities: [['Milano', null, '20121'], ['Roma', null, '00186'], ['Torino', null, '10121']] },
  IE: { code: 'IE', tlds: ['.ie', '.io'], legal: 'Ltd', locale: 'en-IE', dialCode: '+353',
    cities: [['Dublin', null, 'D02 X285'], ['Cork', null, 'T12 T0CT']] },
  AT: { code: 'AT', tlds: ['.at', '.io'], legal: 'GmbH', locale: 'de-AT', dialCode: '+43',
    cities: [['Wien', null, '1010'], ['Graz', null, '8010']] },
  GB: { code: 'GB', tlds: ['.co.uk', '.io', '.com'], legal: 'Ltd', locale: 'en-GB', dialCode: '+44',
    cities: [['London', null, 'EC2A 4NE'], ['Manchester', null, 'M1 1AE'], ['Bristol', null, 'BS1 4DJ'],
      ['Edinburgh', null, 'EH1 1YZ'], ['Leeds', null, 'LS1 4AP']] },
};

const COUNTRY_WEIGHTS: Record<DemoCurrency, readonly (readonly [string, number])[]> = {
  usd: [['US', 78], ['CA', 9], ['AU', 6], ['SG', 4], ['GB', 3]],
  eur: [['DE', 30], ['FR', 22], ['NL', 15], ['ES', 12], ['IT', 10], ['IE', 6], ['AT', 5]],
  gbp: [['GB', 100]],
};

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * A profile for the customer with ordinal `ordinal` (0-based). Company names cycle through all
 * brand × trade pairs before any repeats; later laps differ by legal suffix and domain.
 */
export function makeProfile(
  rng: Rng,
  ordinal: number,
  currency: DemoCurrency,
  nameOffset = 0,
): CustomerProfile {
  const country = COUNTRIES[rng.weighted(COUNTRY_WEIGHTS[currency])] as Country;
  const pairs = BRAND.length * TRADE.length;
  // 11 is coprime with the pair count (5 × 7 × 43), so the walk visits every pair once per lap
  // and consecutive customers get unrelated names.
  const pair = (ordinal * 11 + nameOffset) % pairs;
  const lap = Math.floor(ordinal / pairs);
  const brand = BRAND[pair % BRAND.length] as string;
  const trade = TRADE[Math.floor(pair / BRAND.length)] as string;
  const base = `${brand} ${trade}`;
  const name = lap > 0 || rng.chance(0.4) ? `${base} ${country.legal}` : base;
  const domain = `${slug(base)}${lap > 0 ? lap + 1 : ''}${rng.pick(country.tlds)}`;

  const first = rng.pick(FIRST);
  const last = rng.pick(LAST);
  const local = rng.weighted([
    [slug(first), 55],
    [`${slug(first)}.${slug(last)}`, 25],
    [rng.pick(['billing', 'finance', 'accounts', 'hello']), 20],
  ] as const);

  const [city, state, postalCode] = rng.pick(country.cities);
  const phone = rng.chance(0.3)
    ? `${country.dialCode} ${rng.int(100, 999)} ${rng.int(100, 999)} ${rng.int(1000, 9999)}`
    : null;
  return {
    name,
    email: `${local}@${domain}`,
    phone,
    country: country.code,
    preferredLocale: country.locale,
    address: {
      city,
      country: country.code,
      line1: `${rng.int(1, 240)} ${rng.pick(STREETS)}`,
      line2: rng.chance(0.2) ? `Suite ${rng.int(100, 900)}` : null,
      postal_code: postalCode,
      state,
    },
  };
}
