import type { ReactNode } from 'react';
import { i18n } from '#i18n';
import type { Role, StoredSession } from '@/lib/protocol';
import { roleAtLeast } from '@/lib/domain/roles';
import { KeysPage, LanguagePage, RepliesPage } from './BasicPages';
import { ShopsPage } from './ShopsPage';
import { BlockedPage } from './BlockedPage';
import { NotificationsPage } from './NotificationsPage';
import { ProfilePage } from './ProfilePage';
import { SitesEditor } from './SitesEditor';
import { TeamPage } from './TeamPage';
import { DeliveriesPage } from './DeliveriesPage';

export interface OptionsPage {
  /** The address's hash that opens it, and its test id (`options-nav-ID`). */
  id: string;
  title: () => string;
  /** The lowest role that sees the page; unset: everyone, signed in or not. */
  minRole?: Role;
  /** False for pages that work signed out (they get no SessionProvider). */
  needsSession?: boolean;
  render: () => ReactNode;
}

/** Every page of the options, in the order of the list. A feature adds its page here, in its own file. */
export const optionsPages: OptionsPage[] = [
  {
    id: 'account',
    title: () => i18n.t('options.account.title'),
    needsSession: false,
    render: () => <ProfilePage />,
  },
  {
    id: 'notifications',
    title: () => i18n.t('options.notifications.title'),
    needsSession: false,
    render: () => <NotificationsPage />,
  },
  {
    id: 'replies',
    title: () => i18n.t('replies.manage.title'),
    minRole: 'agent',
    render: () => <RepliesPage />,
  },
  { id: 'team', title: () => i18n.t('team.title'), minRole: 'manager', render: () => <TeamPage /> },
  {
    id: 'shops',
    title: () => i18n.t('shops.title'),
    minRole: 'admin',
    render: () => <ShopsPage />,
  },
  {
    id: 'blocked',
    title: () => i18n.t('blocked.page.title'),
    minRole: 'manager',
    render: () => <BlockedPage />,
  },
  {
    id: 'deliveries',
    title: () => i18n.t('delivery.page.title'),
    minRole: 'manager',
    render: () => <DeliveriesPage />,
  },
  {
    id: 'sites',
    title: () => i18n.t('options.sites.title'),
    needsSession: false,
    render: () => <SitesEditor />,
  },
  { id: 'keys', title: () => i18n.t('options.keys.title'), needsSession: false, render: () => <KeysPage /> },
  {
    id: 'language',
    title: () => i18n.t('options.language.title'),
    needsSession: false,
    render: () => <LanguagePage />,
  },
];

/** A page with a role shows only to a signed-in member of that role or above. */
export function pageAllowed(page: OptionsPage, session: StoredSession | null): boolean {
  if (!page.minRole) return true;
  return session !== null && roleAtLeast(session.member.role, page.minRole);
}
