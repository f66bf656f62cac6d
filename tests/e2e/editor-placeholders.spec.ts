// After a saved reply goes into a seller-center chat box with a variable nobody knows, the content script
// selects that `{{…}}` so the member types the value over it: in each real editor (tests/editors/), run in an
// isolated world as the content script runs, and checked through the editor's own model.
import { test as base, expect, type Page } from '@playwright/test';
import { EDITORS, runInIsolatedWorld, serveEditorPages, type EditorPages } from '../editors/serve';
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

const REPLY = 'Hi Anna,\nyour order {{order.id}} is {{order.status}}.';
const model = (page: Page) => page.evaluate(() => window.editorUnderTest.read());

for (const editor of EDITORS) {
  test(`${editor}: the first unfilled variable of the reply just inserted is selected, and typing replaces it`, async ({
    page,
    editorPages,
  }) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(editorPages.url(editor));
    await expect(page.locator('body[data-ready]')).toBeAttached();
    const field = page.locator('#editor').locator('textarea, input, [contenteditable="true"]').first();
    await field.click();
    // A "{{…}}" typed before is not the reply's: only the inserted text is searched.
    await page.keyboard.type('Thanks {{x}}. ');
    const selected = await runInIsolatedWorld<boolean>(
      page,
      editorPages.contentScript,
      `(async () => {
        const editor = document.getElementById('editor');
        if (!SidedeskContent.insertText(editor, ${JSON.stringify(REPLY)}).inserted) return false;
        // As the content script does: after the editor's own update of its text and caret.
        await new Promise((resolve) => setTimeout(resolve, 0));
        return SidedeskContent.selectFirstPlaceholder(editor, ${JSON.stringify(REPLY)});
      })()`,
    );
    expect(selected).toBe(true);
    await page.keyboard.type('5712');
    const lines = (text: string) => (editor === 'input' ? text.replace(/\n+/g, ' ') : text);
    await expect
      .poll(() => model(page))
      .toBe(lines('Thanks {{x}}. Hi Anna,\nyour order 5712 is {{order.status}}.'));
    expect(errors).toEqual([]);
  });
}
