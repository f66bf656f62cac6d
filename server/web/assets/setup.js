/* global document, fetch, window */
// The setup page's form: posts it to /api/setup and shows the server's answer beside each field.

const form = document.getElementById('setup-form');
const texts = JSON.parse(document.getElementById('setup-texts').textContent);
const submit = document.getElementById('setup-submit');
const formError = document.getElementById('form-error');
const country = document.getElementById('shop.country');
const currency = document.getElementById('shop.currency');
const timeZone = document.getElementById('shop.timeZone');

// The browser's own time zone is the likeliest for the first shop when the country does not tell.
if (!timeZone.value) timeZone.value = Intl.DateTimeFormat().resolvedOptions().timeZone || '';

// A country suggests its currency and, when it has only one, its time zone; what was typed is kept.
let currencyTouched = false;
let zoneTouched = false;
currency.addEventListener('change', () => (currencyTouched = true));
timeZone.addEventListener('input', () => (zoneTouched = true));
country.addEventListener('change', () => {
  const option = country.selectedOptions[0];
  if (!option) return;
  if (option.dataset.currency && !currencyTouched) currency.value = option.dataset.currency;
  if (option.dataset.zone && !zoneTouched) timeZone.value = option.dataset.zone;
});

const FIELDS = [
  'workspace.name',
  'owner.nickname',
  'owner.email',
  'owner.password',
  'shop.name',
  'shop.marketplace',
  'shop.country',
  'shop.currency',
  'shop.timeZone',
];

function showError(name, text) {
  const control = document.getElementById(name);
  const line = document.getElementById(`${name}-error`);
  control.setAttribute('aria-invalid', text ? 'true' : 'false');
  line.textContent = text || '';
  line.hidden = !text;
}

function clearErrors() {
  for (const name of FIELDS) showError(name, '');
  formError.hidden = true;
}

/** The member's words for a refusal: the page's own text for what it knows, else the server's message. */
function wordsFor(answer, name) {
  if (answer.error && texts[answer.error]) return texts[answer.error];
  if (answer.error === 'invalid_input' && texts[name]) return texts[name];
  const message = answer.message || '';
  return message.startsWith(`body.${name}: `) ? message.slice(`body.${name}: `.length) : message;
}

function body() {
  const value = (name) => document.getElementById(name).value;
  return {
    token: form.dataset.token,
    workspace: { name: value('workspace.name') },
    owner: {
      nickname: value('owner.nickname'),
      email: value('owner.email'),
      password: value('owner.password'),
    },
    shop: {
      name: value('shop.name'),
      marketplace: value('shop.marketplace'),
      country: value('shop.country'),
      currency: value('shop.currency'),
      timeZone: value('shop.timeZone'),
    },
  };
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors();
  // Empty fields are named at once, all of them; the rest is the server's to judge.
  const empty = FIELDS.filter((name) => !document.getElementById(name).value.trim());
  if (empty.length > 0) {
    for (const name of empty) showError(name, texts.required);
    document.getElementById(empty[0]).focus();
    return;
  }
  const label = submit.textContent;
  submit.disabled = true;
  submit.textContent = submit.dataset.busy;
  let response;
  try {
    response = await fetch('/api/setup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body()),
    });
  } catch {
    response = null;
  }
  submit.disabled = false;
  submit.textContent = label;
  if (!response) {
    formError.textContent = texts.unreachable;
    formError.hidden = false;
    return;
  }
  const answer = await response.json().catch(() => ({}));
  if (response.ok) {
    form.hidden = true;
    document.querySelector('p.lead').hidden = true;
    document.querySelector('h1').hidden = true;
    document.getElementById('done-server').textContent = window.location.origin;
    document.getElementById('done-email').textContent = answer.member.email;
    document.getElementById('setup-done').hidden = false;
    return;
  }
  if (response.status === 429) {
    const minutes = Math.ceil(Number(response.headers.get('retry-after') || 60) / 60);
    formError.textContent = texts.too_many_attempts.replace('$1', String(minutes));
    formError.hidden = false;
    return;
  }
  const name = (answer.field || '').replace(/^body\./, '');
  if (FIELDS.includes(name)) {
    showError(name, wordsFor(answer, name));
    document.getElementById(name).focus();
  } else {
    formError.textContent = wordsFor(answer, '');
    formError.hidden = false;
  }
});
