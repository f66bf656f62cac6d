import type { Role } from '../protocol';

/** The roles in order (product §1): owner > admin > manager > agent. */
const RANK: Record<Role, number> = { owner: 3, admin: 2, manager: 1, agent: 0 };

/** `role` is `least` or above it. */
export function roleAtLeast(role: Role, least: Role): boolean {
  return RANK[role] >= RANK[least];
}

/** `role` is strictly above `other`. */
export function outranks(role: Role, other: Role): boolean {
  return RANK[role] > RANK[other];
}

/** Owners and admins set the team and the shops up. */
export function managesWorkspace(role: Role): boolean {
  return roleAtLeast(role, 'admin');
}

interface Someone {
  id: string;
  role: Role;
}

/** The roles a member may give by invitation or by a role change: up to their own, never owner (product §11). */
export function grantableRoles(role: Role): Role[] {
  if (!managesWorkspace(role)) return [];
  return (['admin', 'manager', 'agent'] as const).filter((r) => RANK[r] <= RANK[role]);
}

/**
 * Whether `actor` may change `target`'s queue settings (the accept-chats switch, capacity): their own, or
 * anyone below them for managers and above (product §1). Nobody changes someone at or above them.
 */
export function mayChangeQueueSettings(actor: Someone, target: Someone): boolean {
  if (actor.id === target.id) return true;
  return roleAtLeast(actor.role, 'manager') && outranks(actor.role, target.role);
}

/** Whether `actor` may set `target`'s shops and capacity limit: admins and owners, for themselves or anyone below. */
export function mayManageMember(actor: Someone, target: Someone): boolean {
  if (!managesWorkspace(actor.role)) return false;
  return actor.id === target.id || outranks(actor.role, target.role);
}

/** Whether `actor` may give `target` the role `to`: someone below them, a role up to their own, never owner. */
export function mayChangeRole(actor: Someone, target: Someone, to: Role): boolean {
  if (actor.id === target.id || !managesWorkspace(actor.role)) return false;
  return outranks(actor.role, target.role) && grantableRoles(actor.role).includes(to);
}

/** Whether `actor` may remove `target` from the workspace, or issue them a password-reset link. */
export function mayRemoveMember(actor: Someone, target: Someone): boolean {
  return actor.id !== target.id && managesWorkspace(actor.role) && outranks(actor.role, target.role);
}

/** Only the owner hands the workspace over, to another member; they become an admin (product §11). */
export function mayTransferOwnership(actor: Someone, target: Someone): boolean {
  return actor.role === 'owner' && actor.id !== target.id;
}

/** The capacity a member ends up with under a limit: a lowered limit brings the capacity down with it. */
export function capacityUnderLimit(capacity: number, limit: number | null): number {
  return limit === null ? capacity : Math.min(capacity, limit);
}
