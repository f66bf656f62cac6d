import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';
import {
  countryCodes,
  currencyCodes,
  likelyCurrencyOf,
  soleTimeZoneOf,
  timeZoneNames,
} from '../../lib/domain/places';
import { PASSWORD_MIN_LENGTH } from '../../lib/domain/password-policy';
import { setupTokenText, type SetupTokenState } from '../../lib/protocol';
import type { Db } from '../store';
import { setupTokenState } from '../setup/links';
import { escapeHtml, pageLanguage, PAGE_HEADERS, renderPage, type PageLanguage } from './page';

/**
 * The setup page (product §11), opened from the one-time link: the workspace, its owner and its first shop in
 * one form. The script posts it to `/api/setup` and shows the server's answer beside each field.
 */

const TEXTS = {
  en: {
    title: 'Set up Sidedesk',
    lead: 'Create your workspace, your owner account and your first shop. You can add more shops and invite your team afterwards.',
    workspace: 'Workspace',
    workspaceName: 'Workspace name',
    workspaceHint: 'Usually your company or brand, as your team knows it.',
    owner: 'You, the owner',
    nickname: 'Nickname',
    nicknameHint: 'Shown to your team; customers see it in the chat.',
    email: 'Email',
    password: 'Password',
    passwordHint: `At least ${PASSWORD_MIN_LENGTH} characters; not a password people often pick.`,
    shop: 'First shop',
    shopName: 'Shop name',
    marketplace: 'Marketplace',
    marketplaces: { tiktok_shop: 'TikTok Shop', amazon: 'Amazon', other: 'Other' },
    country: 'Country',
    currency: 'Currency',
    timeZone: 'Time zone',
    timeZoneHint: 'Type to search, such as “Rome” or “Europe/”. The reply clock counts in it.',
    submit: 'Create workspace',
    submitting: 'Creating…',
    doneTitle: 'Your workspace is ready',
    done: 'You are signed up as its owner. To work in Sidedesk, open the side panel of the Sidedesk extension and sign in with:',
    doneServer: 'Server address',
    doneEmail: 'Email',
    doneNext: 'Then add your team and more shops from the extension’s options page.',
    noToken:
      'This page needs the one-time setup link the server printed when it started (or that `npm run admin -- create-workspace` printed).',
    used: 'This setup link was already used. Sign in from the Sidedesk side panel instead.',
    expired: 'This setup link has expired. Restart the server for a new one, or ask whoever runs it.',
    replaced:
      'The server printed a newer setup link when it last started; this one no longer works. Use the newest.',
    unknown: 'This setup link is not known on this server. Check that you copied all of it.',
    errors: {
      password_too_short: `Must be at least ${PASSWORD_MIN_LENGTH} characters.`,
      password_too_long: 'Is too long.',
      password_too_common: 'Is one of the passwords people pick most; choose another.',
      password_like_account: 'Must not be your email or nickname.',
      email_taken: 'A member with this email already exists on this server.',
      too_many_attempts: 'Too many attempts from this address; try again in $1 minutes.',
      unreachable: 'The server could not be reached; check the connection and try again.',
      required: 'Required.',
      'shop.country': 'Choose a country from the list.',
      'shop.currency': 'Choose a currency from the list.',
      'shop.timeZone': 'Choose a time zone from the list, such as Europe/Rome.',
      'owner.email': 'Enter a valid email address.',
    },
  },
  it: {
    title: 'Configura Sidedesk',
    lead: 'Crea il tuo spazio di lavoro, il tuo account di titolare e il primo negozio. Potrai aggiungere altri negozi e invitare il tuo team in seguito.',
    workspace: 'Spazio di lavoro',
    workspaceName: 'Nome dello spazio di lavoro',
    workspaceHint: 'Di solito il nome della tua azienda o del tuo marchio, come lo conosce il team.',
    owner: 'Tu, il titolare',
    nickname: 'Nome visualizzato',
    nicknameHint: 'Lo vede il tuo team; i clienti lo vedono nella chat.',
    email: 'Email',
    password: 'Password',
    passwordHint: `Almeno ${PASSWORD_MIN_LENGTH} caratteri; non una password tra le più usate.`,
    shop: 'Primo negozio',
    shopName: 'Nome del negozio',
    marketplace: 'Piattaforma di vendita',
    marketplaces: { tiktok_shop: 'TikTok Shop', amazon: 'Amazon', other: 'Altra' },
    country: 'Paese',
    currency: 'Valuta',
    timeZone: 'Fuso orario',
    timeZoneHint:
      'Scrivi per cercare, per esempio «Rome» o «Europe/». Il tempo di risposta si conta in questo fuso.',
    submit: 'Crea lo spazio di lavoro',
    submitting: 'Creazione in corso…',
    doneTitle: 'Il tuo spazio di lavoro è pronto',
    done: 'Ora ne sei il titolare. Per lavorare in Sidedesk apri il pannello laterale dell’estensione Sidedesk e accedi con:',
    doneServer: 'Indirizzo del server',
    doneEmail: 'Email',
    doneNext: 'Poi aggiungi il tuo team e altri negozi dalla pagina delle opzioni dell’estensione.',
    noToken:
      'Questa pagina richiede il link di configurazione monouso che il server ha stampato all’avvio (o che ha stampato `npm run admin -- create-workspace`).',
    used: 'Questo link di configurazione è già stato usato. Accedi dal pannello laterale di Sidedesk.',
    expired:
      'Questo link di configurazione è scaduto. Riavvia il server per averne uno nuovo, o chiedilo a chi lo gestisce.',
    replaced:
      'All’ultimo avvio il server ha stampato un link di configurazione più recente; questo non vale più. Usa il più recente.',
    unknown:
      'Questo link di configurazione non è noto a questo server. Controlla di averlo copiato per intero.',
    errors: {
      password_too_short: `Deve avere almeno ${PASSWORD_MIN_LENGTH} caratteri.`,
      password_too_long: 'È troppo lunga.',
      password_too_common: 'È tra le password più usate; scegline un’altra.',
      password_like_account: 'Non deve essere la tua email o il tuo nome visualizzato.',
      email_taken: 'Su questo server esiste già un membro con questa email.',
      too_many_attempts: 'Troppi tentativi da questo indirizzo; riprova tra $1 minuti.',
      unreachable: 'Impossibile raggiungere il server; controlla la connessione e riprova.',
      required: 'Campo obbligatorio.',
      'shop.country': 'Scegli un paese dall’elenco.',
      'shop.currency': 'Scegli una valuta dall’elenco.',
      'shop.timeZone': 'Scegli un fuso orario dall’elenco, per esempio Europe/Rome.',
      'owner.email': 'Inserisci un indirizzo email valido.',
    },
  },
} as const;

const SCRIPT_PATH = '/setup/setup.js';
const scriptFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets', 'setup.js');

function field(id: string, label: string, control: string, hint?: string): string {
  return `<label for="${id}">${escapeHtml(label)}</label>
${control}
${hint ? `<p class="hint" id="${id}-hint">${escapeHtml(hint)}</p>` : ''}
<p class="field-error" id="${id}-error" role="alert" hidden></p>`;
}

const input = (id: string, name: string, attributes: string) =>
  `<input id="${id}" name="${name}" ${attributes} aria-describedby="${id}-hint ${id}-error">`;

function formHtml(language: PageLanguage, token: string, acceptLanguage: string | undefined): string {
  const t = TEXTS[language];
  const regionNames = new Intl.DisplayNames([language], { type: 'region' });
  const currencyNames = new Intl.DisplayNames([language], { type: 'currency' });
  // The browser's own region (it-IT → IT) is the likeliest country of the first shop.
  const region = /^[a-z]{2,3}-([A-Z]{2})/i.exec(acceptLanguage ?? '')?.[1]?.toUpperCase() ?? '';
  const countries = countryCodes()
    .map((code) => ({ code, name: regionNames.of(code) ?? code }))
    .sort((a, b) => a.name.localeCompare(b.name, language));
  const countryOptions = countries
    .map(
      ({ code, name }) =>
        `<option value="${code}"${code === region ? ' selected' : ''} data-currency="${likelyCurrencyOf(code) ?? ''}" data-zone="${soleTimeZoneOf(code) ?? ''}">${escapeHtml(name)}</option>`,
    )
    .join('');
  const currency = likelyCurrencyOf(region) ?? '';
  const currencyOptions = currencyCodes()
    .map(
      (code) =>
        `<option value="${code}"${code === currency ? ' selected' : ''}>${code} · ${escapeHtml(currencyNames.of(code) ?? code)}</option>`,
    )
    .join('');
  const zone = soleTimeZoneOf(region) ?? '';
  const zones = timeZoneNames()
    .map((name) => `<option value="${escapeHtml(name)}"></option>`)
    .join('');
  const marketplaces = Object.entries(t.marketplaces)
    .map(([value, label]) => `<option value="${value}">${escapeHtml(label)}</option>`)
    .join('');
  return `<h1>${escapeHtml(t.title)}</h1>
<p class="lead">${escapeHtml(t.lead)}</p>
<form id="setup-form" novalidate data-token="${escapeHtml(token)}">
<p class="notice error" id="form-error" role="alert" hidden></p>
<fieldset><legend>${escapeHtml(t.workspace)}</legend>
${field('workspace.name', t.workspaceName, input('workspace.name', 'workspace.name', 'required maxlength="80" autocomplete="organization"'), t.workspaceHint)}
</fieldset>
<fieldset><legend>${escapeHtml(t.owner)}</legend>
${field('owner.nickname', t.nickname, input('owner.nickname', 'owner.nickname', 'required maxlength="40" autocomplete="nickname"'), t.nicknameHint)}
${field('owner.email', t.email, input('owner.email', 'owner.email', 'type="email" required maxlength="320" autocomplete="email"'))}
${field('owner.password', t.password, input('owner.password', 'owner.password', `type="password" required minlength="${PASSWORD_MIN_LENGTH}" maxlength="200" autocomplete="new-password"`), t.passwordHint)}
</fieldset>
<fieldset><legend>${escapeHtml(t.shop)}</legend>
${field('shop.name', t.shopName, input('shop.name', 'shop.name', 'required maxlength="80"'))}
${field('shop.marketplace', t.marketplace, `<select id="shop.marketplace" name="shop.marketplace" aria-describedby="shop.marketplace-error">${marketplaces}</select>`)}
${field('shop.country', t.country, `<select id="shop.country" name="shop.country" required aria-describedby="shop.country-error"><option value=""${region ? '' : ' selected'}></option>${countryOptions}</select>`)}
${field('shop.currency', t.currency, `<select id="shop.currency" name="shop.currency" required aria-describedby="shop.currency-error"><option value=""${currency ? '' : ' selected'}></option>${currencyOptions}</select>`)}
${field('shop.timeZone', t.timeZone, input('shop.timeZone', 'shop.timeZone', `list="time-zones" required autocomplete="off" spellcheck="false" value="${escapeHtml(zone)}"`), t.timeZoneHint)}
<datalist id="time-zones">${zones}</datalist>
</fieldset>
<button type="submit" id="setup-submit" data-busy="${escapeHtml(t.submitting)}">${escapeHtml(t.submit)}</button>
</form>
<section id="setup-done" hidden>
<h1>${escapeHtml(t.doneTitle)}</h1>
<p>${escapeHtml(t.done)}</p>
<p class="notice">${escapeHtml(t.doneServer)}: <code id="done-server"></code><br>${escapeHtml(t.doneEmail)}: <code id="done-email"></code></p>
<p>${escapeHtml(t.doneNext)}</p>
</section>
<script type="application/json" id="setup-texts">${JSON.stringify(t.errors).replaceAll('<', '\\u003c')}</script>`;
}

function noticeHtml(language: PageLanguage, state: Exclude<SetupTokenState['state'], 'usable'> | 'missing') {
  const t = TEXTS[language];
  const text = state === 'missing' ? t.noToken : t[state];
  return `<h1>${escapeHtml(t.title)}</h1>
<p class="notice error" role="alert" data-state="${state}">${escapeHtml(text)}</p>`;
}

export const setupPage: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  const script = await readFile(scriptFile, 'utf8');

  app.get(SCRIPT_PATH, async (_request, reply) =>
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(script),
  );

  app.get('/setup', async (request, reply) => {
    const language = pageLanguage(request.headers['accept-language']);
    const raw = (request.query as Record<string, unknown>).token;
    const token = typeof raw === 'string' && setupTokenText.safeParse(raw).success ? raw.trim() : null;
    const state = token ? (await setupTokenState(db, token)).state : 'missing';
    const body =
      token && state === 'usable'
        ? formHtml(language, token, request.headers['accept-language'])
        : noticeHtml(language, state === 'usable' ? 'missing' : state);
    return reply.headers(PAGE_HEADERS).send(
      renderPage({
        language,
        title: TEXTS[language].title,
        body,
        script: state === 'usable' ? SCRIPT_PATH : undefined,
      }),
    );
  });
};
