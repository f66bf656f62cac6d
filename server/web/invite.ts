import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordProblemText,
} from '../../lib/domain/password-policy';
import { HttpError } from '../errors';
import type { TeamService } from '../team/service';
import { escapeHtml, PAGE_HEADERS, pageLanguage, renderPage, type PageLanguage } from './page';
import { TEAM_PAGE_SCRIPT } from './team-script';

export const TEAM_SCRIPT_PATH = '/team-page.js';

const ROLE: Record<PageLanguage, Record<string, string>> = {
  en: { admin: 'admin', manager: 'manager', agent: 'agent' },
  it: { admin: 'amministratore', manager: 'responsabile', agent: 'operatore' },
};

const TEXT = {
  en: {
    title: 'Join the team',
    lead: (inviter: string, workspace: string, role: string) =>
      `${inviter} invited you to ${workspace} on Sidedesk as ${role}.`,
    leadNoInviter: (workspace: string, role: string) =>
      `You are invited to ${workspace} on Sidedesk as ${role}.`,
    email: 'Email',
    nickname: 'Nickname',
    nicknameHint: 'How the team and the queue name you.',
    password: 'Password',
    passwordHint: 'At least 10 characters, not a common one.',
    confirm: 'Password again',
    submit: 'Join the team',
    expires: (date: string) => `This link works once, until ${date}.`,
    doneTitle: 'Welcome to the team',
    done: (email: string) =>
      `You are in. Open Sidedesk's side panel in your browser and sign in as ${email} with the password you chose.`,
    mismatch: 'The two passwords are not the same',
    failed: 'The server could not accept the form; try again',
    unreachable: 'The server could not be reached; check the connection and try again',
    unusable: 'This invitation cannot be used',
  },
  it: {
    title: 'Entra nel team',
    lead: (inviter: string, workspace: string, role: string) =>
      `${inviter} ti ha invitato in ${workspace} su Sidedesk come ${role}.`,
    leadNoInviter: (workspace: string, role: string) =>
      `Sei invitato in ${workspace} su Sidedesk come ${role}.`,
    email: 'Email',
    nickname: 'Nome visualizzato',
    nicknameHint: 'Il nome con cui ti vedono il team e la coda.',
    password: 'Password',
    passwordHint: 'Almeno 10 caratteri, non una di quelle più comuni.',
    confirm: 'Ripeti la password',
    submit: 'Entra nel team',
    expires: (date: string) => `Il link vale una sola volta, fino al ${date}.`,
    doneTitle: 'Benvenuto nel team',
    done: (email: string) =>
      `Ci sei. Apri il pannello laterale di Sidedesk nel browser e accedi come ${email} con la password che hai scelto.`,
    mismatch: 'Le due password non coincidono',
    failed: 'Il server non ha potuto accettare il modulo; riprova',
    unreachable: 'Il server non risponde; controlla la connessione e riprova',
    unusable: 'Questo invito non si può usare',
  },
};

const PROBLEMS_IT = {
  too_short: `deve avere almeno ${PASSWORD_MIN_LENGTH} caratteri`,
  too_long: `può avere al massimo ${PASSWORD_MAX_LENGTH} caratteri`,
  too_common: "è una delle password più usate; scegline un'altra",
  like_account: 'non deve essere la tua email né il tuo nome',
} as const;

/** The password policy's refusals in the page's language, for the script to show instead of the English. */
export function problemWords(language: PageLanguage): string {
  if (language === 'en') return '{}';
  const words = Object.fromEntries(
    Object.entries(PROBLEMS_IT).map(([problem, text]) => [
      passwordProblemText(problem as keyof typeof PROBLEMS_IT),
      text,
    ]),
  );
  return JSON.stringify(words);
}

export const formatDate = (iso: string, language: PageLanguage) =>
  new Intl.DateTimeFormat(language === 'it' ? 'it-IT' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(new Date(iso));

/** A field of these pages, with a slot for the server's message beside it. */
export function field(name: string, label: string, input: string, hint?: string): string {
  return `<label for="${name}">${escapeHtml(label)}</label>
${input}
${hint ? `<p class="hint">${escapeHtml(hint)}</p>` : ''}
<p class="field-error" id="error-${name}" role="alert" hidden></p>`;
}

/** A page that says why a link cannot be used (used, revoked, expired, unknown). */
export function unusablePage(language: PageLanguage, title: string, message: string): string {
  return renderPage({
    language,
    title,
    body: `<h1>${escapeHtml(title)}</h1><p class="notice error" role="alert">${escapeHtml(message)}</p>`,
  });
}

/**
 * What a link's token is worth, from `load`; when it cannot be used, the "link can't be used" page is sent with
 * the refusal's status and null is returned.
 */
export async function previewOrRefuse<T>(
  reply: FastifyReply,
  language: PageLanguage,
  unusableTitle: string,
  load: () => Promise<T>,
): Promise<T | null> {
  try {
    return await load();
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    await reply.code(error.status).send(unusablePage(language, unusableTitle, error.message));
    return null;
  }
}

/** `GET /invite?token=…`: the invitee chooses a nickname and a password, in English or Italian. */
export const invitePage: FastifyPluginAsync<{ team: TeamService }> = async (app, { team }) => {
  app.get(TEAM_SCRIPT_PATH, async (_request, reply) =>
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(TEAM_PAGE_SCRIPT),
  );

  app.get('/invite', async (request, reply) => {
    const language = pageLanguage(request.headers['accept-language']);
    const t = TEXT[language];
    reply.headers(PAGE_HEADERS);
    const token = String((request.query as Record<string, unknown>).token ?? '');
    const preview = await previewOrRefuse(reply, language, t.unusable, () => team.preview(token));
    if (!preview) return reply;
    const role = ROLE[language][preview.role] ?? preview.role;
    const lead = preview.invitedBy
      ? t.lead(preview.invitedBy, preview.workspaceName, role)
      : t.leadNoInviter(preview.workspaceName, role);
    const api = `/api/invitations/${encodeURIComponent(token)}/accept`;
    const body = `<h1>${escapeHtml(t.title)}</h1>
<p class="lead">${escapeHtml(lead)}</p>
<form data-api="${escapeHtml(api)}" data-mismatch="${escapeHtml(t.mismatch)}" data-failed="${escapeHtml(t.failed)}" data-unreachable="${escapeHtml(t.unreachable)}" data-problems="${escapeHtml(problemWords(language))}" novalidate>
${field('email', t.email, `<input id="email" value="${escapeHtml(preview.email)}" readonly autocomplete="username">`)}
${field('nickname', t.nickname, '<input id="nickname" name="nickname" required maxlength="60" autocomplete="nickname">', t.nicknameHint)}
${field('password', t.password, '<input id="password" name="password" type="password" required autocomplete="new-password">', t.passwordHint)}
${field('confirm', t.confirm, '<input id="confirm" name="confirm" type="password" required autocomplete="new-password">')}
<p class="notice error" id="form-error" role="alert" hidden></p>
<button type="submit">${escapeHtml(t.submit)}</button>
<p class="hint">${escapeHtml(t.expires(formatDate(preview.expiresAt, language)))}</p>
</form>
<section id="done" hidden>
<p class="notice" role="status"><strong>${escapeHtml(t.doneTitle)}</strong><br>${escapeHtml(t.done(preview.email))}</p>
</section>`;
    return reply.send(renderPage({ language, title: t.title, body, script: TEAM_SCRIPT_PATH }));
  });
};
