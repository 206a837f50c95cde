import type { Role } from '../auth/session.js';

/** Roles that may download CSV (exports:create), mirroring the server's matrix: the button is
 *  hidden from the others, and the server refuses them anyway. */
export function mayExport(role: Role | null | undefined): boolean {
  return role === 'owner' || role === 'admin' || role === 'analyst';
}
