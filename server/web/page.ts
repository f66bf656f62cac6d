/**
 * The server's own pages a person opens from a link (first-run setup, an invitation, a password reset): one
 * layout, in English or Italian by the browser's Accept-Language, styled inline so each page is one response.
 */
export type PageLanguage = 'en' | 'it';

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Italian when the browser puts Italian before English; English otherwise. */
export function pageLanguage(acceptLanguage: string | undefined): PageLanguage {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (tag === 'it') return 'it';
    if (tag === 'en') return 'en';
  }
  return 'en';
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330;background:#f4f5f8}
main{max-width:440px;margin:40px auto;padding:24px;background:#fff;border:1px solid #dde1e8;border-radius:10px}
h1{font-size:20px;margin:0 0 4px}
p.lead{color:#5b6475;margin:0 0 16px}
label{display:block;margin:12px 0 4px;font-weight:600}
input,select{width:100%;padding:8px 10px;font:inherit;border:1px solid #c5cbd6;border-radius:6px}
input[aria-invalid=true]{border-color:#c62828}
.field-error{color:#c62828;font-size:13px;margin:4px 0 0}
.hint{color:#5b6475;font-size:13px;margin:4px 0 0}
button{margin-top:18px;width:100%;padding:10px;font:inherit;font-weight:600;color:#fff;background:#2356d8;border:0;border-radius:6px;cursor:pointer}
button[disabled]{opacity:.6;cursor:default}
.notice{padding:10px 12px;border-radius:6px;background:#eef3ff;margin:12px 0}
.notice.error{background:#fdecea;color:#8a1c1c}
fieldset{border:0;padding:0;margin:16px 0 0}
legend{font-size:16px;font-weight:700;padding:0}
code{background:#f0f2f6;padding:1px 4px;border-radius:4px}
@media (max-width:480px){main{margin:0;border:0;border-radius:0}}
`;

export interface PageParts {
  language: PageLanguage;
  title: string;
  /** HTML the caller built, every value from outside escaped with escapeHtml. */
  body: string;
  /** The path of the page's script, served by the same server; none for a page that only informs. */
  script?: string;
}

export function renderPage({ language, title, body, script }: PageParts): string {
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} · Sidedesk</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
${script ? `<script type="module" src="${escapeHtml(script)}"></script>` : ''}
</body>
</html>`;
}

/** Headers for these pages: no framing, no inline script, and the token in the address is not passed on. */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
} as const;
