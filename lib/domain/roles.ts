import type { Role } from '../protocol';

/** The roles in order (product §1): owner > admin > manager > agent. */
const RANK: Record<Role, number> = { owner: 3, admin: 2, manager: 1, agent: 0 };

/** `role` is `least` or above it. */
export function roleAtLeast(role: Role, least: Role): boolean {
  return RANK[role] >= RANK[least];
}

/** Owners and admins set the team and the shops up. */
export function managesWorkspace(role: Role): boolean {
  return roleAtLeast(role, 'admin');
}
