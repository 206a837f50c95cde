// Tables of migration 0024: single sign-on configuration and identities (issue 17).
export type SsoDatabase = Record<never, never>;
