/**
 * The script of the invitation and password-reset pages, served as a file of its own (the pages' CSP allows no
 * inline script). It posts the form as JSON, shows the server's message beside the field it names, and shows
 * the "done" part once the server said yes. Its words come from the page's data attributes.
 */
export const TEAM_PAGE_SCRIPT = `
const form = document.querySelector('form[data-api]');
const done = document.getElementById('done');
const general = document.getElementById('form-error');
function showError(name, message) {
  const input = name && form.elements.namedItem(name);
  const slot = name && document.getElementById('error-' + name);
  if (input && slot) {
    input.setAttribute('aria-invalid', 'true');
    slot.textContent = message;
    slot.hidden = false;
    input.focus();
  } else {
    general.textContent = message;
    general.hidden = false;
  }
}
if (form) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const slot of form.querySelectorAll('.field-error')) slot.hidden = true;
    for (const input of form.querySelectorAll('input')) input.removeAttribute('aria-invalid');
    general.hidden = true;
    const data = Object.fromEntries(new FormData(form));
    if ('confirm' in data) {
      if (data.confirm !== data.password) return showError('confirm', form.dataset.mismatch);
      delete data.confirm;
    }
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      const response = await fetch(form.dataset.api, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(data),
      });
      if (response.ok) {
        form.hidden = true;
        done.hidden = false;
        return;
      }
      const body = await response.json().catch(() => ({}));
      const field = typeof body.field === 'string' ? body.field.replace(/^body\\./, '') : null;
      const message = typeof body.message === 'string' ? body.message : form.dataset.failed;
      const words = field ? message.replace(/^body\\.[a-zA-Z]+: /, '') : message;
      const problems = JSON.parse(form.dataset.problems || '{}');
      showError(field, problems[words] || words);
    } catch {
      showError(null, form.dataset.unreachable);
    } finally {
      button.disabled = false;
    }
  });
}
`;
