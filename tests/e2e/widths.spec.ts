import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { DEMO_SIGN_INS } from '../../server/demo/seed';
import { expect, test, type Extension, type ServerProcess } from './fixtures';

// Chrome opens its side panel at about 320–360 px; 300 is the narrowest it goes, 500 a wide one.
const CHECKED_WIDTHS = [300, 320, 360, 420, 480, 500];
const SHOT_WIDTHS = new Set([320, 360, 480]);
// A side panel is as tall as the browser window; 800 px is a laptop's.
const HEIGHT = 800;
// The panel's header, the chat's header and the pane tabs together stay within a quarter of the height,
// so three quarters show the conversation. (Before, they took 290 px: four buttons and a row of selects.)
const FIRST_MESSAGE_TOP_MAX = HEIGHT / 4;
// One row of icon buttons with a two-line title: 44 px of targets and its padding.
const CHAT_HEADER_MAX = 64;
const SHOTS = path.resolve(import.meta.dirname, '../../test-results/widths');

const SIGN_IN_LABELS = {
  en: { server: 'Server URL', email: 'Email', password: 'Password', submit: 'Sign in' },
  it: { server: 'URL del server', email: 'Email', password: 'Password', submit: 'Accedi' },
} as const;
type Language = keyof typeof SIGN_IN_LABELS;

async function signIn(extension: Extension, server: ServerProcess, language: Language, email: string) {
  const labels = SIGN_IN_LABELS[language];
  const panel = await extension.context.newPage();
  await panel.setViewportSize({ width: 360, height: HEIGHT });
  await panel.goto(`chrome-extension://${extension.extensionId}/sidepanel.html`);
  await panel.getByLabel(labels.server).fill(server.url);
  await panel.getByLabel(labels.email).fill(email);
  await panel.getByLabel(labels.password).fill(DEMO_SIGN_INS[0]!.password);
  await panel.getByRole('button', { name: labels.submit, exact: true }).click();
  await expect(panel.getByTestId('view-mine')).toBeVisible();
  return panel;
}

/**
 * What sticks out sideways: the page scrolling, an element past either edge, a box whose content spills
 * out of it or scrolls sideways, and text cut without an ellipsis. Text cut with an ellipsis is meant
 * (a preview, a long name); an element clipped by such a box is not looked at again, and neither are the
 * insides of fields (a long typed line scrolls inside its input, as it should).
 */
async function overflowProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const problems: string[] = [];
    const root = document.scrollingElement!;
    if (root.scrollWidth > root.clientWidth)
      problems.push(`the page scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`);
    const describe = (el: Element) => {
      const id = el.getAttribute('data-testid');
      const cls = el.getAttribute('class');
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      return `<${el.tagName.toLowerCase()}${id ? ` data-testid=${id}` : ''}${cls ? ` class="${cls}"` : ''}> "${text}"`;
    };
    const fields = new Set(['INPUT', 'TEXTAREA', 'SELECT', 'OPTION']);
    const clippedBy = (el: Element, rect: DOMRect) => {
      for (let up = el.parentElement; up; up = up.parentElement) {
        if (getComputedStyle(up).overflowX === 'visible') continue;
        const box = up.getBoundingClientRect();
        if (rect.right > box.right + 0.5 || rect.left < box.left - 0.5) return true;
      }
      return false;
    };
    for (const el of document.body.querySelectorAll('*')) {
      if (!el.checkVisibility({ visibilityProperty: true })) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      if (clippedBy(el, rect)) continue;
      if (rect.right > width + 0.5 || rect.left < -0.5)
        problems.push(`${describe(el)} spans ${Math.round(rect.left)}–${Math.round(rect.right)} of ${width}`);
      if (fields.has(el.tagName) || el.closest('input, textarea, select')) continue;
      const style = getComputedStyle(el);
      if (style.display === 'inline' || el.clientWidth === 0) continue;
      if (el.scrollWidth <= el.clientWidth + 1) continue;
      if (style.overflowX === 'visible')
        problems.push(`${describe(el)} spills its content: ${el.scrollWidth} > ${el.clientWidth}`);
      else if (style.overflowX !== 'hidden' && style.overflowX !== 'clip')
        problems.push(`${describe(el)} scrolls sideways: ${el.scrollWidth} > ${el.clientWidth}`);
      else if (style.textOverflow !== 'ellipsis')
        problems.push(`${describe(el)} cuts its content: ${el.scrollWidth} > ${el.clientWidth}`);
    }
    return problems;
  });
}

/** At every width: nothing sticks out; at the screenshot widths, a screenshot to look at. */
async function checkWidths(page: Page, name: string, language: Language, ready?: () => Promise<void>) {
  mkdirSync(SHOTS, { recursive: true });
  const found: string[] = [];
  for (const width of CHECKED_WIDTHS) {
    await page.setViewportSize({ width, height: HEIGHT });
    await ready?.();
    // Let the layout (and the virtualised list's measuring) settle at the new width.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    if (SHOT_WIDTHS.has(width))
      await page.screenshot({ path: path.join(SHOTS, `${name}-${width}-${language}.png`) });
    found.push(...(await overflowProblems(page)).map((p) => `${name} at ${width} px: ${p}`));
  }
  return found;
}

/** The list a member starts from: everything for a manager, their own chats for an agent. */
const startView = (role: 'manager' | 'agent') => (role === 'manager' ? 'view-all' : 'view-mine');

async function openFirstChat(panel: Page, role: 'manager' | 'agent') {
  await panel.getByTestId(startView(role)).click();
  const first = panel.getByTestId('conversation-item').first();
  await expect(first).toBeVisible();
  await first.click();
  await expect(panel.getByTestId('chat-messages').getByTestId('message').first()).toBeVisible();
}

/** The top of the first message shown, and the chat header's height, at 320 px. */
async function chatHeaderFigures(panel: Page) {
  await panel.setViewportSize({ width: 320, height: HEIGHT });
  const list = await panel.getByTestId('chat-messages').boundingBox();
  const header = await panel.locator('.chat-header').boundingBox();
  return { messagesTop: list!.y, headerHeight: header!.height };
}

for (const language of ['en', 'it'] as const) {
  test.describe(`in ${language === 'en' ? 'English' : 'Italian'}`, () => {
    test.use({ uiLanguage: language === 'en' ? 'en-US' : 'it' });

    for (const role of ['manager', 'agent'] as const) {
      test(`the ${role}'s inbox, chat and workbench fit the side panel from 300 px up`, async ({
        server,
        extension,
      }) => {
        const who = DEMO_SIGN_INS.find((s) => s.role === role)!;
        const panel = await signIn(extension, server, language, who.email);
        const tag = `${role}`;
        const problems: string[] = [];

        await panel.getByTestId(startView(role)).click();
        await expect(panel.getByTestId('conversation-item').first()).toBeVisible();
        problems.push(...(await checkWidths(panel, `inbox-${tag}`, language)));
        await panel.getByTestId('filter-toggle').click();
        problems.push(...(await checkWidths(panel, `filters-${tag}`, language)));
        await panel.getByTestId('filter-toggle').click();

        await openFirstChat(panel, role);
        problems.push(...(await checkWidths(panel, `chat-${tag}`, language)));
        const { messagesTop, headerHeight } = await chatHeaderFigures(panel);
        expect(problems.length === 0 ? [] : problems.slice(0, 25), 'nothing sticks out sideways').toEqual([]);
        expect(headerHeight, 'the chat header is one compact row').toBeLessThanOrEqual(CHAT_HEADER_MAX);
        expect(messagesTop, 'the messages start in the top quarter').toBeLessThanOrEqual(
          FIRST_MESSAGE_TOP_MAX,
        );

        // The rarer actions sit in the chat's menu; open, it fits too.
        await panel.getByTestId('chat-more').click();
        await expect(panel.getByRole('menu')).toBeVisible();
        problems.push(...(await checkWidths(panel, `chat-menu-${tag}`, language)));
        await panel.keyboard.press('Escape');
        await expect(panel.getByRole('menu')).toBeHidden();

        // End session asks under the header; the question fits and Esc takes it back.
        await panel.getByTestId('end-session').click();
        await expect(panel.getByTestId('confirm-bar')).toBeVisible();
        problems.push(...(await checkWidths(panel, `chat-confirm-${tag}`, language)));
        await panel.keyboard.press('Escape');
        await expect(panel.getByTestId('confirm-bar')).toBeHidden();

        await panel.getByTestId('pane-orders').click();
        await expect(panel.locator('#workbench-orders')).toBeVisible();
        problems.push(...(await checkWidths(panel, `orders-${tag}`, language)));
        await panel.getByTestId('pane-products').click();
        problems.push(...(await checkWidths(panel, `products-${tag}`, language)));
        await panel.getByTestId('pane-vouchers').click();
        problems.push(...(await checkWidths(panel, `vouchers-${tag}`, language)));

        expect(problems.slice(0, 25), 'nothing sticks out sideways').toEqual([]);

        // At 200% zoom a 640 px panel lays out as 320 px: the same layout, each part twice the size.
        await panel.getByTestId('pane-chat').click();
        await panel.setViewportSize({ width: 640, height: HEIGHT });
        await panel.evaluate(() => (document.documentElement.style.zoom = '2'));
        await panel.screenshot({ path: path.join(SHOTS, `chat-${tag}-zoom200-${language}.png`) });
        const root = await panel.evaluate(() => {
          const r = document.scrollingElement!;
          return { scrollWidth: r.scrollWidth, clientWidth: r.clientWidth };
        });
        expect(root.scrollWidth, 'at 200% zoom the page does not scroll sideways').toBeLessThanOrEqual(
          root.clientWidth,
        );
      });
    }
  });
}

test('while the server is unreachable the header says the member is offline, not accepting chats', async ({
  server,
  extension,
}) => {
  const agent = DEMO_SIGN_INS.find((s) => s.role === 'agent')!;
  const panel = await signIn(extension, server, 'en', agent.email);
  await panel.setViewportSize({ width: 320, height: HEIGHT });
  const toggle = panel.locator('.panel-header .status-toggle');
  const dot = toggle.locator('.status-dot');
  await expect(toggle).toContainText('Accepting chats');
  await expect(dot).toHaveClass(/\bon\b/);

  await server.stop();
  await expect(panel.getByTestId('connection-banner')).toContainText('Offline');
  await expect(toggle).not.toContainText('Accepting chats');
  await expect(toggle).toContainText('Offline');
  await expect(dot).not.toHaveClass(/\bon\b/);
  mkdirSync(SHOTS, { recursive: true });
  await panel.screenshot({ path: path.join(SHOTS, 'offline-agent-320-en.png') });
  expect(await overflowProblems(panel)).toEqual([]);

  await server.start();
  await expect(panel.getByTestId('connection-banner')).toBeHidden({ timeout: 30_000 });
  await expect(toggle).toContainText('Accepting chats');
  await expect(dot).toHaveClass(/\bon\b/);
});
