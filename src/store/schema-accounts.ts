// Tables added by the accounts and access work (migration 0003). Empty until then.
export type AccountsDatabase = Record<never, never>;
