import type { ApiClient } from './api';
import {
  invitationIssued,
  invitationList,
  invitationPreview,
  invitationView,
  linkIssued,
  removalResult,
  roster,
  session,
  teamMember,
  type AcceptInvitationBody,
  type InvitationBody,
  type InvitationIssued,
  type InvitationPreview,
  type InvitationView,
  type LinkIssued,
  type MemberChanges,
  type RemovalResult,
  type RosterMember,
  type Session,
  type TeamMember,
} from '../protocol';

/** The team's requests (product §11): the roster, invitations, member changes, removal, reset links. */

const path = (value: string) => encodeURIComponent(value);

export const teamRoster = (api: ApiClient): Promise<RosterMember[]> =>
  api.request('GET', '/api/team', roster).then((r) => r.members);

export const listInvitations = (api: ApiClient): Promise<InvitationView[]> =>
  api.request('GET', '/api/invitations', invitationList).then((r) => r.invitations);

export const inviteMember = (api: ApiClient, body: InvitationBody): Promise<InvitationIssued> =>
  api.request('POST', '/api/invitations', invitationIssued, body);

export const revokeInvitation = (api: ApiClient, invitationId: string): Promise<InvitationView> =>
  api.request('DELETE', `/api/invitations/${path(invitationId)}`, invitationView);

export const resendInvitation = (api: ApiClient, invitationId: string): Promise<InvitationIssued> =>
  api.request('POST', `/api/invitations/${path(invitationId)}/resend`, invitationIssued);

export const changeMember = (api: ApiClient, memberId: string, changes: MemberChanges): Promise<TeamMember> =>
  api.request('PATCH', `/api/members/${path(memberId)}`, teamMember, changes);

export const removeMember = (api: ApiClient, memberId: string): Promise<RemovalResult> =>
  api.request('DELETE', `/api/members/${path(memberId)}`, removalResult);

/** The link is emailed in the member's own language (their profile's). */
export const issuePasswordReset = (api: ApiClient, memberId: string): Promise<LinkIssued> =>
  api.request('POST', `/api/members/${path(memberId)}/password-reset`, linkIssued, {});

export const transferOwnership = async (api: ApiClient, memberId: string): Promise<void> => {
  await api.request('POST', '/api/team/ownership', null, { memberId });
};

/** Before signing in: what an invitation's link offers (the client has no token yet). */
export const previewInvitation = (api: ApiClient, token: string): Promise<InvitationPreview> =>
  api.request('GET', `/api/invitations/${path(token)}`, invitationPreview);

export const acceptInvitation = (
  api: ApiClient,
  token: string,
  body: AcceptInvitationBody,
): Promise<Session> => api.request('POST', `/api/invitations/${path(token)}/accept`, session, body);

/** An invitation's link (or its bare token) as pasted: the server's address and the token. */
export function parseInvitationLink(text: string): { serverUrl: string | null; token: string } | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  try {
    const url = new URL(trimmed);
    const token = url.searchParams.get('token');
    if (!token || !/^https?:$/.test(url.protocol)) return null;
    return { serverUrl: url.origin, token };
  } catch {
    return /^[A-Za-z0-9_-]{16,128}$/.test(trimmed) ? { serverUrl: null, token: trimmed } : null;
  }
}
