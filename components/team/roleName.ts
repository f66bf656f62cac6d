import { i18n } from '#i18n';
import type { Role } from '@/lib/protocol';

/** A member's role as the interface names it ("manager", "responsabile"). */
export function roleName(role: Role): string {
  return i18n.t(`roles.${role}`);
}

/** A member in a list of the team, named with their own role: "Marco (manager)", never all "agents". */
export function memberWithRole(member: { nickname: string; role: Role }): string {
  return i18n.t('teamNames.withRole', [member.nickname, roleName(member.role)]);
}
