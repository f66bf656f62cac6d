import { describe, expect, it } from 'vitest';
import {
  capacityUnderLimit,
  grantableRoles,
  mayChangeQueueSettings,
  mayChangeRole,
  mayManageMember,
  mayRemoveMember,
  mayTransferOwnership,
  outranks,
} from '../../lib/domain/roles';
import type { Role } from '../../lib/protocol';

const ROLES: Role[] = ['owner', 'admin', 'manager', 'agent'];
const person = (role: Role, id: string = role) => ({ id, role });

describe('who may change whom (product §1, §11)', () => {
  it('ranks owner > admin > manager > agent', () => {
    expect(outranks('owner', 'admin')).toBe(true);
    expect(outranks('admin', 'manager')).toBe(true);
    expect(outranks('manager', 'agent')).toBe(true);
    expect(outranks('admin', 'admin')).toBe(false);
    expect(outranks('agent', 'owner')).toBe(false);
  });

  it('nobody changes the queue settings of someone at or above them, except themselves', () => {
    for (const actor of ROLES) {
      expect(mayChangeQueueSettings(person(actor), person(actor))).toBe(true);
      for (const target of ROLES) {
        const allowed = actor !== 'agent' && outranks(actor, target);
        expect(
          mayChangeQueueSettings(person(actor), person(target, `${target}-2`)),
          `${actor} → ${target}`,
        ).toBe(allowed);
      }
    }
    // The case: a manager setting the owner's capacity.
    expect(mayChangeQueueSettings(person('manager'), person('owner'))).toBe(false);
  });

  it('gives roles up to one’s own, never owner, and only admins and the owner give any', () => {
    expect(grantableRoles('owner')).toEqual(['admin', 'manager', 'agent']);
    expect(grantableRoles('admin')).toEqual(['admin', 'manager', 'agent']);
    expect(grantableRoles('manager')).toEqual([]);
    expect(grantableRoles('agent')).toEqual([]);
  });

  it('changes the role of someone below, never their own nor to owner', () => {
    expect(mayChangeRole(person('admin'), person('agent'), 'manager')).toBe(true);
    expect(mayChangeRole(person('admin'), person('manager'), 'admin')).toBe(true);
    expect(mayChangeRole(person('admin'), person('admin', 'other'), 'agent')).toBe(false);
    expect(mayChangeRole(person('admin'), person('admin'), 'agent')).toBe(false);
    expect(mayChangeRole(person('owner'), person('agent'), 'owner')).toBe(false);
    expect(mayChangeRole(person('manager'), person('agent'), 'agent')).toBe(false);
  });

  it('sets shops and limits of those below, and their own, for admins and the owner only', () => {
    expect(mayManageMember(person('admin'), person('agent'))).toBe(true);
    expect(mayManageMember(person('admin'), person('admin'))).toBe(true);
    expect(mayManageMember(person('admin'), person('owner'))).toBe(false);
    expect(mayManageMember(person('manager'), person('agent'))).toBe(false);
  });

  it('removes (or resets) only members below, never oneself or the owner', () => {
    expect(mayRemoveMember(person('owner'), person('admin'))).toBe(true);
    expect(mayRemoveMember(person('admin'), person('agent'))).toBe(true);
    expect(mayRemoveMember(person('admin'), person('admin', 'other'))).toBe(false);
    expect(mayRemoveMember(person('owner'), person('owner'))).toBe(false);
    expect(mayRemoveMember(person('manager'), person('agent'))).toBe(false);
  });

  it('only the owner hands the workspace over, to someone else', () => {
    expect(mayTransferOwnership(person('owner'), person('agent'))).toBe(true);
    expect(mayTransferOwnership(person('owner'), person('owner'))).toBe(false);
    expect(mayTransferOwnership(person('admin'), person('agent'))).toBe(false);
  });

  it('a lowered limit brings the capacity down with it', () => {
    expect(capacityUnderLimit(10, 5)).toBe(5);
    expect(capacityUnderLimit(3, 5)).toBe(3);
    expect(capacityUnderLimit(10, null)).toBe(10);
  });
});
