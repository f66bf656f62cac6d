// Any other site the member allowed (an origin each, in the options): every page of it may hold a chat.
import { parseUrl, type DetectorExamples, type SitePage, type SiteSettings } from '../site';

export function detectGeneric(url: URL, settings: SiteSettings): SitePage | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  return settings.allowedOrigins.some((origin) => parseUrl(origin)?.origin === url.origin) ? 'chat' : null;
}

/** Written for EXAMPLE_SETTINGS. */
export const genericExamples: DetectorExamples = {
  'https://support.example.org/': 'chat',
  'https://support.example.org/tickets/42?tab=reply': 'chat',
  'http://localhost:8080/inbox': 'chat',
  // Not the allowed origin: another scheme, port or subdomain.
  'http://support.example.org/': null,
  'https://support.example.org:8443/': null,
  'https://www.support.example.org/': null,
  'http://localhost:8081/inbox': null,
};
