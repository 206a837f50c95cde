// The demo data set: a believable, growing subscription business as Stripe events.
export { generateDemoEvents, demoEvents, demoCatalogEvents } from './generate.js';
export type { DemoOptions } from './generate.js';
export { DEMO_PLANS, DEMO_COUPONS, DEMO_CURRENCIES } from './catalog.js';
export type { DemoPlan, DemoPlanKey, DemoInterval, DemoCouponKey } from './catalog.js';
export type { DemoCurrency } from './people.js';
export { DEMO_API_VERSION, DEMO_EVENT_TYPES } from './stripe-types.js';
export type * from './stripe-types.js';
