import type { FastifyPluginAsync } from 'fastify';
import type { TeamService } from '../team/service';
import { field, formatDate, previewOrRefuse, problemWords, TEAM_SCRIPT_PATH } from './invite';
import { escapeHtml, PAGE_HEADERS, pageLanguage, renderPage } from './page';

const TEXT = {
  en: {
    title: 'Choose a new password',
    lead: (nickname: string, workspace: string) =>
      `${nickname}, choose a new password for ${workspace} on Sidedesk.`,
    email: 'Email',
    password: 'New password',
    passwordHint: 'At least 10 characters, not a common one.',
    confirm: 'New password again',
    submit: 'Save the new password',
    expires: (date: string) => `This link works once, until ${date}. Saving signs you out everywhere else.`,
    doneTitle: 'Your password is changed',
    done: (email: string) => `Sign in from Sidedesk's side panel as ${email} with the new password.`,
    mismatch: 'The two passwords are not the same',
    failed: 'The server could not accept the form; try again',
    unreachable: 'The server could not be reached; check the connection and try again',
    unusable: 'This link cannot be used',
  },
  it: {
    title: 'Scegli una nuova password',
    lead: (nickname: string, workspace: string) =>
      `${nickname}, scegli una nuova password per ${workspace} su Sidedesk.`,
    email: 'Email',
    password: 'Nuova password',
    passwordHint: 'Almeno 10 caratteri, non una di quelle più comuni.',
    confirm: 'Ripeti la nuova password',
    submit: 'Salva la nuova password',
    expires: (date: string) =>
      `Il link vale una sola volta, fino al ${date}. Salvando chiudi le tue sessioni su tutti gli altri dispositivi.`,
    doneTitle: 'La password è cambiata',
    done: (email: string) => `Accedi dal pannello laterale di Sidedesk come ${email} con la nuova password.`,
    mismatch: 'Le due password non coincidono',
    failed: 'Il server non ha potuto accettare il modulo; riprova',
    unreachable: 'Il server non risponde; controlla la connessione e riprova',
    unusable: 'Questo link non si può usare',
  },
};

/** `GET /reset?token=…`: a member chooses a new password from the one-time link an admin issued. */
export const resetPage: FastifyPluginAsync<{ team: TeamService }> = async (app, { team }) => {
  app.get('/reset', async (request, reply) => {
    const language = pageLanguage(request.headers['accept-language']);
    const t = TEXT[language];
    reply.headers(PAGE_HEADERS);
    const token = String((request.query as Record<string, unknown>).token ?? '');
    const preview = await previewOrRefuse(reply, language, t.unusable, () => team.resetPreview(token));
    if (!preview) return reply;
    const api = `/api/password-resets/${encodeURIComponent(token)}`;
    const body = `<h1>${escapeHtml(t.title)}</h1>
<p class="lead">${escapeHtml(t.lead(preview.nickname, preview.workspaceName))}</p>
<form data-api="${escapeHtml(api)}" data-mismatch="${escapeHtml(t.mismatch)}" data-failed="${escapeHtml(t.failed)}" data-unreachable="${escapeHtml(t.unreachable)}" data-problems="${escapeHtml(problemWords(language))}" novalidate>
${field('email', t.email, `<input id="email" value="${escapeHtml(preview.email)}" readonly autocomplete="username">`)}
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
