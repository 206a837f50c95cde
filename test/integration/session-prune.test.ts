// Sessions nobody can use any more are deleted: past their absolute lifetime, idle too long, or a
// second-factor step left unfinished — by the prune job on start and every hour — while a live
// session stays and still signs its holder in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSession, sessionPolicy, startSession, type StartedSession } from '../../src/accounts/sessions.js';
import { createSessionPruneJob } from '../../src/jobs/session-prune.js';
import { createLogger } from '../../src/logger.js';
import { touchSession } from '../../src/store/sessions-repo.js';
import { createUser } from '../../src/store/users-repo.js';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;
// The defaults: a week's lifetime, eight hours' idle timeout.
const policy = sessionPolicy({ sessionTtlHours: 168, sessionIdleMinutes: 480 });
const NOW = new Date('2026-03-18T09:30:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);

describe.each(BACKENDS)('pruning expired sessions (%s)', (backend) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
  });
  afterAll(async () => {
    await db?.drop();
  });

  const remaining = async (userId: string) =>
    (await db.store.db.selectFrom('sessions').select('session_hash').where('user_id', '=', userId).execute()).map((r) => r.session_hash).sort();

  async function sessionsOfOnePerson() {
    const user = await createUser(db.store.db, { email: `p${Math.random().toString(36).slice(2, 8)}@example.com`, passwordHash: 'unused', now: ago(30 * 24 * HOUR) });
    const start = async (stage: 'active' | 'totp', startedAgo: number, lastSeenAgo?: number): Promise<StartedSession> => {
      const session = await startSession(db.store.db, { userId: user.id, stage, mfa: false, meta: { ip: null, userAgent: null }, now: ago(startedAgo), policy });
      if (lastSeenAgo !== undefined) await touchSession(db.store.db, session.hash, ago(lastSeenAgo));
      return session;
    };
    return {
      userId: user.id,
      live: await start('active', 3 * HOUR, 10 * MINUTE),
      // Used a minute ago, but started eight days ago: past the week's lifetime.
      pastLifetime: await start('active', 8 * 24 * HOUR, MINUTE),
      // Started ten hours ago and not used since: idle past eight hours.
      idle: await start('active', 10 * HOUR),
      // A password step ten minutes ago whose second factor never came (five minutes allowed).
      staleSecondFactor: await start('totp', 10 * MINUTE),
      freshSecondFactor: await start('totp', MINUTE),
    };
  }

  it('deletes the expired and idle sessions on start, and keeps the live ones', async () => {
    const s = await sessionsOfOnePerson();
    expect(await remaining(s.userId)).toHaveLength(5);
    const job = createSessionPruneJob({ store: db.store, logger: createLogger('silent'), now: () => NOW, policy });
    job.start();
    await job.stop(); // waits for the prune that start() began
    expect(await remaining(s.userId)).toEqual([s.live.hash, s.freshSecondFactor.hash].sort());
    const read = await readSession(db.store.db, s.live.token, { now: NOW, policy, stage: 'active', touch: false });
    expect(read.status).toBe('ok');
    expect(await job.run()).toBe(0);
  });

  it('agrees with the sign-in check: what it keeps is usable, what it deletes was refused', async () => {
    const s = await sessionsOfOnePerson();
    const refusedBefore = [];
    for (const [name, session, stage] of [['pastLifetime', s.pastLifetime, 'active'], ['idle', s.idle, 'active'], ['staleSecondFactor', s.staleSecondFactor, 'totp']] as const) {
      const lookup = await readSession(db.store.db, session.token, { now: NOW, policy, stage, touch: false });
      refusedBefore.push([name, lookup.status]);
    }
    // readSession deletes what it refuses, so start over for the prune itself.
    expect(refusedBefore).toEqual([['pastLifetime', 'expired'], ['idle', 'expired'], ['staleSecondFactor', 'expired']]);
    const again = await sessionsOfOnePerson();
    const job = createSessionPruneJob({ store: db.store, logger: createLogger('silent'), now: () => NOW, policy });
    expect(await job.run()).toBe(3);
    expect(await remaining(again.userId)).toEqual([again.live.hash, again.freshSecondFactor.hash].sort());
    await job.stop();
  });
});
