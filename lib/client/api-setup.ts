import {
  session,
  setupStatus,
  setupTokenState,
  type Session,
  type SetupBody,
  type SetupStatus,
  type SetupTokenState,
} from '../protocol';
import type { ApiClient } from './api';

/** First-run setup's calls (product §11); none needs a session. */

export function setupStatusOf(api: ApiClient): Promise<SetupStatus> {
  return api.request('GET', '/api/setup', setupStatus);
}

export function setupLinkState(api: ApiClient, token: string): Promise<SetupTokenState> {
  return api.request('GET', `/api/setup/${encodeURIComponent(token)}`, setupTokenState);
}

/** Creates the workspace, its owner and first shop; the answer is the owner's session. */
export function setUpWorkspace(api: ApiClient, body: SetupBody): Promise<Session> {
  return api.request('POST', '/api/setup', session, body);
}
