import { i18n } from '#i18n';
import type { Role } from '@/lib/protocol';

/** A member's role as the interface names it ("manager", "responsabile"). */
export function roleName(role: Role): string {
  return i18n.t(`roles.${role}`);
}
