// A person's TOTP recovery codes (hashes only). Replacing the set deletes every earlier code, used
// or not; spending a code is one conditional update, so two instances cannot both accept it.
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export async function replaceRecoveryCodes(db: Kysely<Database>, userId: string, hashes: readonly string[], at: Date): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('user_recovery_codes').where('user_id', '=', userId).execute();
    if (hashes.length > 0) {
      await tx.insertInto('user_recovery_codes').values(hashes.map((code_hash) => ({ user_id: userId, code_hash, created_at: at }))).execute();
    }
  });
}

/** Marks the code used; false when there is no such unused code for this person. */
export async function spendRecoveryCode(db: Kysely<Database>, userId: string, hash: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('user_recovery_codes')
    .set({ used_at: at })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function countUnusedRecoveryCodes(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db
    .selectFrom('user_recovery_codes')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function deleteRecoveryCodes(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom('user_recovery_codes').where('user_id', '=', userId).execute();
}
