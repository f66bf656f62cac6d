// Builds one page per chat-box editor from the real npm packages (with lib/sites/insert.ts bundled in) into
// a temporary folder and serves it from 127.0.0.1. Used by tests/e2e/editors.spec.ts and bench/overlay.ts;
// nothing it makes is kept.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { build } from 'vite';

export const EDITORS = [
  'react-textarea',
  'input',
  'contenteditable',
  'lexical',
  'draft',
  'quill',
  'tiptap',
] as const;
export type EditorName = (typeof EDITORS)[number];

const pagesDir = path.join(import.meta.dirname, 'pages');
const ENTRIES: Record<EditorName, string> = {
  'react-textarea': 'react-textarea.tsx',
  input: 'input.ts',
  contenteditable: 'contenteditable.ts',
  lexical: 'lexical.ts',
  draft: 'draft.tsx',
  quill: 'quill.ts',
  tiptap: 'tiptap.ts',
};

// Every real chat box keeps spaces and line breaks as typed; without it a contenteditable turns spaces
// into non-breaking ones.
const SHELL = (name: string) => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${name}</title>
    <link rel="icon" href="data:," />
    <style>
      #editor [contenteditable] { white-space: pre-wrap; min-height: 4em; border: 1px solid #888; }
    </style>
  </head>
  <body>
    <div id="editor"></div>
    <input id="palette" aria-label="Search saved replies" />
    <script type="module" src="./${name}.js"></script>
  </body>
</html>
`;

export interface EditorPages {
  /** http://127.0.0.1:PORT/ */
  baseUrl: string;
  /** lib/sites as the content script uses it: see buildContentScript(). */
  contentScript: string;
  url(editor: EditorName): string;
  close(): Promise<void>;
}

/** Production builds, as the seller centers ship them. */
async function buildPages(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: pagesDir,
    logLevel: 'warn',
    mode: 'production',
    publicDir: false,
    // Draft.js (through fbjs) still reads Node's `global`.
    define: { global: 'globalThis' },
    build: {
      outDir,
      emptyOutDir: true,
      modulePreload: false,
      reportCompressedSize: false,
      rolldownOptions: {
        input: Object.fromEntries(EDITORS.map((e) => [e, path.join(pagesDir, ENTRIES[e])])),
        output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  });
  for (const editor of EDITORS) writeFileSync(path.join(outDir, `${editor}.html`), SHELL(editor));
}

/**
 * lib/sites as the content script uses it, as one classic script that defines `SidedeskContent`: run it in
 * an isolated world with runInIsolatedWorld().
 */
export async function buildContentScript(): Promise<string> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'sidedesk-content-script-'));
  try {
    await build({
      configFile: false,
      logLevel: 'warn',
      mode: 'production',
      publicDir: false,
      build: {
        outDir,
        emptyOutDir: true,
        minify: false,
        reportCompressedSize: false,
        lib: {
          entry: path.join(import.meta.dirname, 'content-script.ts'),
          name: 'SidedeskContent',
          formats: ['iife'],
          fileName: () => 'content-script.js',
        },
      },
    });
    return readFileSync(path.join(outDir, 'content-script.js'), 'utf8');
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/**
 * Evaluates `expression` in a new isolated world of the page's main frame (the kind of world a content
 * script runs in: the same DOM, none of the page's JavaScript), after `script`; returns its value.
 */
export async function runInIsolatedWorld<T>(page: Page, script: string, expression: string): Promise<T> {
  const session = await page.context().newCDPSession(page);
  try {
    const { frameTree } = await session.send('Page.getFrameTree');
    const { executionContextId } = await session.send('Page.createIsolatedWorld', {
      frameId: frameTree.frame.id,
      worldName: 'sidedesk-content-script',
    });
    const { result, exceptionDetails } = await session.send('Runtime.evaluate', {
      contextId: executionContextId,
      returnByValue: true,
      awaitPromise: true,
      expression: `${script}\n;(${expression})`,
    });
    if (exceptionDetails)
      throw new Error(
        `in the isolated world: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`,
      );
    return result.value as T;
  } finally {
    await session.detach();
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** Builds the pages and serves them; close() stops the server and deletes the folder. */
export async function serveEditorPages(): Promise<EditorPages> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sidedesk-editor-pages-'));
  await buildPages(dir);
  const contentScript = await buildContentScript();
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = path.join(dir, path.normalize(pathname));
    if (!file.startsWith(dir + path.sep)) return void response.writeHead(403).end();
    try {
      const body = readFileSync(file);
      response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    baseUrl,
    contentScript,
    url: (editor) => `${baseUrl}${editor}.html`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
