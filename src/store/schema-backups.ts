// Tables of migration 0022: backup history (installation-wide) (issue 17).
export type BackupsDatabase = Record<never, never>;
