// Reads of the derived tables not yet moved to their view's folder (cohorts live in
// src/read/cohorts, trials in src/read/trials). The day-total reads (levels, range totals, churn numerators) live in
// src/read/periods/query.ts, re-exported here for the breakdown and FX-status code until it
// moves. Every query is scoped by workspace and bounded by its own end day (the ledger runs 400
// days into the future).
export { churnedFromStartCounts, dayTotalsBetween, levelsAt, type Levels } from '../read/periods/query.js';
