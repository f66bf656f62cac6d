// insertText() in the chat boxes seller centers are built with: a React-controlled textarea, a plain input,
// a bare contenteditable, Lexical, Draft.js, Quill and TipTap, each built from its npm package into a page
// of its own (tests/editors/). Every check reads the editor's own model through its API (React state,
// Lexical's editor state, Draft's ContentState, quill.getText(), TipTap's document), never the DOM.
//
// lib/sites/insert.ts is bundled into each page and runs in the page's main world; the content script runs
// the same code in its isolated world, where the DOM, events and execCommand are the same. The "isolated
// world" test of each editor runs it there too, through a CDP isolated world.
//
// Undo: all seven take Ctrl+Z for an insertion made with their first strategy (the browser's undo for the
// textarea, the input and the bare contenteditable; the editor's own history for the others). Paths
// without undo: the value-setter fallback for a textarea or input whose page refuses execCommand (setting
// a value from script empties the browser's undo stack, and the page has no history of its own); and in
// Lexical, an insertion that is the editor's very first change (a box never clicked nor typed in), since
// Lexical's history keeps the state before a change only once it has seen an earlier update.
import { test as base, expect, type Page } from '@playwright/test';
import {
  EDITORS,
  runInIsolatedWorld,
  serveEditorPages,
  type EditorName,
  type EditorPages,
} from '../editors/serve';
import type { InsertResult, InsertStrategy } from '../../lib/sites/insert';
import { findChromium } from '../../scripts/ensure-chromium';

const test = base.extend<object, { editorPages: EditorPages }>({
  editorPages: [
    async ({}, use) => {
      const pages = await serveEditorPages();
      await use(pages);
      await pages.close();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
});

test.use({
  launchOptions: {
    executablePath: findChromium() ?? undefined,
    args: ['--no-sandbox', '--disable-gpu'],
  },
});

/** The strategy that puts the text in, per page, with the editor's order (paste is offered first to the
 * bare contenteditable, which does not take it, so execCommand follows). */
const WINNING: Record<EditorName, InsertStrategy> = {
  'react-textarea': 'execCommand',
  input: 'execCommand',
  contenteditable: 'execCommand',
  lexical: 'paste',
  draft: 'paste',
  quill: 'paste',
  tiptap: 'execCommand',
};

const REPLY = 'Hi Anna,\n\nyour parcel left today.\nKind regards';
/** An input holds one line: insertText joins the lines with a space. */
const asShown = (editor: EditorName, text: string) => (editor === 'input' ? text.replace(/\n+/g, ' ') : text);

async function open(page: Page, pages: EditorPages, editor: EditorName) {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(pages.url(editor));
  await expect(page.locator('body[data-ready]')).toBeAttached();
  const field = page.locator('#editor').locator('textarea, input, [contenteditable="true"]').first();
  await expect(field).toBeVisible();
  return { field, errors };
}

const model = (page: Page) => page.evaluate(() => window.editorUnderTest.read());
const caret = (page: Page) => page.evaluate(() => window.editorUnderTest.caretOffset());

function insert(page: Page, text: string, order?: InsertStrategy[]): Promise<InsertResult> {
  return page.evaluate(([t, o]) => window.insertion.insertText(document.getElementById('editor')!, t, o), [
    text,
    order,
  ] as const);
}

function replaceBefore(page: Page, typed: string, text: string): Promise<InsertResult> {
  return page.evaluate(
    ([y, t]) => window.insertion.replaceTextBeforeCaret(document.getElementById('editor')!, y, t),
    [typed, text] as const,
  );
}

/** Types as a member would, then pauses: the editor's API closes the typing's undo step as a pause would. */
async function typeAndPause(page: Page, text: string) {
  await page.keyboard.type(text);
  await page.evaluate(() => window.editorUnderTest.closeUndoStep?.());
}

for (const editor of EDITORS) {
  test.describe(editor, () => {
    test('into the empty box: the model holds exactly the text and the caret follows it', async ({
      page,
      editorPages,
    }) => {
      const { errors } = await open(page, editorPages, editor);
      // Not clicked first: insertText focuses the field itself.
      const result = await insert(page, 'Your order ships today.');
      expect(result).toMatchObject({ inserted: true, strategy: WINNING[editor] });
      await expect.poll(() => model(page)).toBe('Your order ships today.');
      expect(await caret(page)).toBe('Your order ships today.'.length);
      if (editor === 'react-textarea')
        await expect(page.getByTestId('react-state')).toHaveText('Your order ships today.');
      expect(errors).toEqual([]);
    });

    test('at the caret in typed text, over a selection, and where the caret was before a palette took focus', async ({
      page,
      editorPages,
    }) => {
      const { field, errors } = await open(page, editorPages, editor);
      await field.click();
      await page.keyboard.type('Hello world');
      await page.keyboard.press('Control+ArrowLeft');
      expect(await insert(page, 'dear ')).toMatchObject({ inserted: true, strategy: WINNING[editor] });
      await expect.poll(() => model(page)).toBe('Hello dear world');
      expect(await caret(page)).toBe('Hello dear '.length);

      await page.keyboard.press('End');
      await page.keyboard.press('Control+Shift+ArrowLeft');
      expect(await insert(page, 'friend')).toMatchObject({ inserted: true, strategy: WINNING[editor] });
      await expect.poll(() => model(page)).toBe('Hello dear friend');
      expect(await caret(page)).toBe('Hello dear friend'.length);

      // The member opens the palette and types in its search box: the box loses focus and its caret.
      await page.keyboard.press('Control+ArrowLeft');
      await page.evaluate(() => {
        window.restoreCaret = window.insertion.rememberCaret(document.getElementById('editor')!);
      });
      await page.getByLabel('Search saved replies').fill('my');
      await page.evaluate(() => window.restoreCaret!());
      expect(await insert(page, 'my ')).toMatchObject({ inserted: true, strategy: WINNING[editor] });
      await expect.poll(() => model(page)).toBe('Hello dear my friend');
      expect(errors).toEqual([]);
    });

    test('a multi-line reply from an isolated world, as the content script runs it, keeps its lines; Ctrl+Z takes it back', async ({
      page,
      editorPages,
    }) => {
      const { field, errors } = await open(page, editorPages, editor);
      // As a member would have done before picking a reply (Lexical needs it: see the top of this file).
      await field.click();
      const result = await runInIsolatedWorld<InsertResult>(
        page,
        editorPages.contentScript,
        `(() => {
          if ('editorUnderTest' in window) throw new Error('this is the main world');
          return SidedeskContent.insertText(document.getElementById('editor'), ${JSON.stringify(REPLY)});
        })()`,
      );
      expect(result).toMatchObject({ inserted: true, strategy: WINNING[editor] });
      await expect.poll(() => model(page)).toBe(asShown(editor, REPLY));
      expect(await caret(page)).toBe(asShown(editor, REPLY).length);

      await page.keyboard.press('Control+z');
      await expect.poll(() => model(page)).toBe('');
      expect(errors).toEqual([]);
    });

    test('a ;shortcut typed before the caret becomes its expansion, only when it is there, and undoes to it', async ({
      page,
      editorPages,
    }) => {
      const { field, errors } = await open(page, editorPages, editor);
      await field.click();
      await typeAndPause(page, 'Thanks ;hi');
      expect(await replaceBefore(page, ';xyz', 'Never inserted')).toMatchObject({ inserted: false });
      await expect.poll(() => model(page)).toBe('Thanks ;hi');

      expect(await replaceBefore(page, ';hi', 'Hello there!')).toMatchObject({
        inserted: true,
        strategy: WINNING[editor],
      });
      await expect.poll(() => model(page)).toBe('Thanks Hello there!');
      expect(await caret(page)).toBe('Thanks Hello there!'.length);

      // Selecting the shortcut and replacing it is one step: one Ctrl+Z brings the shortcut back as typed.
      await page.keyboard.press('Control+z');
      await expect.poll(() => model(page)).toBe('Thanks ;hi');
      expect(errors).toEqual([]);
    });
  });
}

// Why the order in EDITOR_ORDER is what it is: the strategies each editor must not get first. When one of
// these fails, the editor changed and the order may change with it.
test.describe('the evidence for the order', () => {
  test('Lexical: execCommand reports success while its model glues the lines together', async ({
    page,
    editorPages,
  }) => {
    await open(page, editorPages, 'lexical');
    expect(await insert(page, REPLY, ['execCommand'])).toMatchObject({ inserted: true });
    await expect.poll(() => model(page)).toBe('Hi Anna,your parcel left today.Kind regards');
  });

  test('Draft.js: execCommand with several lines breaks its DOM and keeps only the last line', async ({
    page,
    editorPages,
  }) => {
    const { errors } = await open(page, editorPages, 'draft');
    expect(await insert(page, REPLY, ['execCommand'])).toMatchObject({ inserted: true });
    await page.waitForTimeout(300);
    expect(await model(page)).toBe('Kind regards');
    expect(errors.join('\n')).toContain('removeChild');
  });

  test('TipTap: a plain-text paste merges the empty line away', async ({ page, editorPages }) => {
    await open(page, editorPages, 'tiptap');
    expect(await insert(page, REPLY, ['paste'])).toMatchObject({ inserted: true, strategy: 'paste' });
    await expect.poll(() => model(page)).toBe('Hi Anna,\nyour parcel left today.\nKind regards');
  });

  test('a textarea takes no paste, and the value-setter fallback still reaches React', async ({
    page,
    editorPages,
  }) => {
    await open(page, editorPages, 'react-textarea');
    expect(await insert(page, REPLY, ['paste'])).toMatchObject({ inserted: false });
    expect(await insert(page, REPLY, ['valueSetter'])).toMatchObject({
      inserted: true,
      strategy: 'valueSetter',
    });
    await expect.poll(() => model(page)).toBe(REPLY);
    await expect(page.getByTestId('react-state')).toHaveText(REPLY);
  });
});
