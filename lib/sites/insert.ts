// The one way Sidedesk puts text into a page's chat box, so that the page's framework sees it as typed.
// Plain text only: nothing here ever builds HTML, and a paste carries only `text/plain`.
//
// Three strategies, tried in an order that depends on the editor (EDITOR_ORDER below); the order is decided
// by tests that read each editor's own model (tests/e2e/editors.spec.ts), not by what the DOM shows:
// - execCommand: `document.execCommand('insertText')` is what typing does: it fires beforeinput and input,
//   replaces the selection, and is one step of the browser's (or the editor's) undo;
// - valueSetter: the native value setter plus an `input` event, for a textarea or input whose page refused
//   execCommand; it loses the browser's undo;
// - paste: a synthetic paste carrying a DataTransfer, for rich editors that keep their own model and take
//   text from paste events (and ignore or undo foreign DOM edits).
//
// The content script calls this in its isolated world; the DOM, its events and execCommand are the same
// there, and the prototype's value setter is the page's real one (the page's own overrides live in the main
// world and are never seen).

export type InsertStrategy = 'execCommand' | 'valueSetter' | 'paste';

/** The kinds of chat box we know how to feed; `contenteditable` is any other editable element. */
export type EditorKind =
  'textarea' | 'input' | 'lexical' | 'draft' | 'quill' | 'prosemirror' | 'contenteditable';

export interface InsertResult {
  inserted: boolean;
  /** The strategy that put the text in, or null when none did (or the text before the caret did not match). */
  strategy: InsertStrategy | null;
  editor: EditorKind;
}

/**
 * Which strategy to try first, per editor kind, as the editor tests found in Chromium (their evidence tests
 * fail when an editor's behaviour changes):
 * - textarea, input: execCommand keeps undo and React sees it; the value setter only when it is refused.
 * - Lexical: execCommand of a multi-line reply leaves Lexical's model with the lines glued together (and,
 *   unless Lexical has seen the caret, with nothing at all) while execCommand reports success; paste is
 *   exact.
 * - Draft.js: execCommand breaks Draft's DOM (a React removeChild error), cannot be undone, and of several
 *   lines keeps only the last; paste is exact.
 * - Quill: both are exact and one undo step; paste takes a third of the time for a long reply (Quill
 *   reconciles execCommand's DOM edits after the fact), and a Quill page listens to Quill's events, not the
 *   DOM's input events that execCommand would also fire.
 * - ProseMirror (TipTap): both insert, but its plain-text paste merges empty lines away; execCommand keeps
 *   them, though it takes about three times as long for a long reply.
 * - any other contenteditable: paste first, because an unknown rich editor may drop execCommand text from its
 *   model as Lexical and Draft do while the DOM shows it; a page that takes no paste leaves the event
 *   uncancelled, and execCommand follows.
 */
export const EDITOR_ORDER: Record<EditorKind, readonly InsertStrategy[]> = {
  textarea: ['execCommand', 'valueSetter'],
  input: ['execCommand', 'valueSetter'],
  lexical: ['paste', 'execCommand'],
  draft: ['paste', 'execCommand'],
  quill: ['paste', 'execCommand'],
  prosemirror: ['execCommand', 'paste'],
  contenteditable: ['paste', 'execCommand'],
};

type ValueField = HTMLTextAreaElement | HTMLInputElement;

/** Inputs that hold typed text (not checkboxes, files, dates…). */
const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'url', 'tel']);

// By name rather than instanceof: a chat box in an iframe belongs to another realm.
function isValueField(element: Element): element is ValueField {
  return (
    element.localName === 'textarea' ||
    (element.localName === 'input' && TEXT_INPUT_TYPES.has((element as HTMLInputElement).type))
  );
}

/**
 * The editable element itself: the field when it is a text field, the editing host (the outermost
 * contenteditable) when it is inside one, else the first editable element within it.
 */
export function editableOf(field: HTMLElement): HTMLElement | null {
  if (isValueField(field)) return field;
  if (field.isContentEditable) {
    let host = field;
    while (host.parentElement?.isContentEditable) host = host.parentElement;
    return host;
  }
  const inside = field.querySelector<HTMLElement>(
    'textarea, input, [contenteditable=""], [contenteditable="true"], [contenteditable="plaintext-only"]',
  );
  return inside && (isValueField(inside) || inside.isContentEditable) ? inside : null;
}

export function editorKind(editable: HTMLElement): EditorKind {
  if (editable.localName === 'textarea') return 'textarea';
  if (editable.localName === 'input') return 'input';
  if (editable.closest('[data-lexical-editor]')) return 'lexical';
  if (editable.closest('.public-DraftEditor-content')) return 'draft';
  if (editable.closest('.ql-editor')) return 'quill';
  if (editable.closest('.ProseMirror')) return 'prosemirror';
  return 'contenteditable';
}

/**
 * Rich editors keep their own copy of the selection and update it on `selectionchange`, which the browser
 * fires only after the current task: a caret moved by a key pressed just before, or by focus(), would
 * otherwise be unknown to them when the text comes (Lexical then pastes at the old caret, and a first
 * change made before Lexical saw any selection cannot be undone).
 */
function announceSelection(editable: HTMLElement): void {
  editable.ownerDocument.dispatchEvent(new Event('selectionchange'));
}

/** An input holds one line: its value sanitizer drops line breaks, which would glue the lines together. */
function textFor(editable: HTMLElement, text: string): string {
  const normalized = text.replace(/\r\n?/g, '\n');
  return editable.localName === 'input' ? normalized.replace(/\n+/g, ' ') : normalized;
}

/** Focuses the editable element (keeping its caret if it has one); false when it cannot take focus. */
function focus(editable: HTMLElement): boolean {
  const root = editable.getRootNode() as Document | ShadowRoot;
  if (root.activeElement !== editable) editable.focus();
  // execCommand types into whatever has focus: never into another field.
  return root.activeElement === editable;
}

function byExecCommand(editable: HTMLElement, text: string): boolean {
  if (isValueField(editable)) {
    const before = editable.value;
    const ok = editable.ownerDocument.execCommand('insertText', false, text);
    // A page that cancels beforeinput makes execCommand report success while nothing changed.
    return ok && (editable.value !== before || text === '');
  }
  return editable.ownerDocument.execCommand('insertText', false, text);
}

/** The element's own `value` setter from its prototype chain, past any the page put on the element itself. */
function nativeValueSetter(editable: ValueField): ((value: string) => void) | undefined {
  for (let proto = Object.getPrototypeOf(editable); proto; proto = Object.getPrototypeOf(proto)) {
    const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
    if (setter) return setter;
  }
  return undefined;
}

function byValueSetter(editable: HTMLElement, text: string): boolean {
  if (!isValueField(editable)) return false;
  const setValue = nativeValueSetter(editable);
  if (!setValue) return false;
  const value = editable.value;
  const start = editable.selectionStart ?? value.length;
  const end = editable.selectionEnd ?? start;
  setValue.call(editable, value.slice(0, start) + text + value.slice(end));
  editable.setSelectionRange(start + text.length, start + text.length);
  editable.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }));
  return true;
}

function byPaste(editable: HTMLElement, text: string): boolean {
  const data = new DataTransfer();
  data.setData('text/plain', text);
  const paste = new ClipboardEvent('paste', {
    clipboardData: data,
    bubbles: true,
    cancelable: true,
    composed: true,
  });
  // A synthetic paste has no default action: only an editor that took it (and cancelled it) inserted the text.
  return !editable.dispatchEvent(paste);
}

const STRATEGIES: Record<InsertStrategy, (editable: HTMLElement, text: string) => boolean> = {
  execCommand: byExecCommand,
  valueSetter: byValueSetter,
  paste: byPaste,
};

/**
 * Puts `text` at the caret of `field` (replacing the selection), as typing would. `order` overrides the
 * editor's strategy order; only tests and benchmarks pass it.
 */
export function insertText(
  field: HTMLElement,
  text: string,
  order?: readonly InsertStrategy[],
): InsertResult {
  const editable = editableOf(field);
  if (!editable) return { inserted: false, strategy: null, editor: 'contenteditable' };
  const editor = editorKind(editable);
  if (!focus(editable)) return { inserted: false, strategy: null, editor };
  if (!isValueField(editable)) announceSelection(editable);
  const value = textFor(editable, text);
  for (const strategy of order ?? EDITOR_ORDER[editor]) {
    if (STRATEGIES[strategy](editable, value)) return { inserted: true, strategy, editor };
  }
  return { inserted: false, strategy: null, editor };
}

/** The selection as seen from the editable's tree: inside a shadow root, Chromium gives it only there. */
function selectionOf(editable: HTMLElement): Selection | null {
  const root = editable.getRootNode() as Node & { getSelection?: () => Selection | null };
  return root.getSelection?.() ?? editable.ownerDocument.getSelection();
}

function graphemes(text: string): number {
  return [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].length;
}

/**
 * Selects `typed` just before the caret (the `;shortcut` the member typed) when it is really there, so that
 * the insertion that follows replaces it in one step. False, with the caret left where it was, otherwise.
 */
function selectTypedBeforeCaret(editable: HTMLElement, typed: string): boolean {
  if (isValueField(editable)) {
    const caret = editable.selectionEnd ?? editable.value.length;
    if (editable.selectionStart !== caret) return false;
    if (editable.value.slice(caret - typed.length, caret) !== typed) return false;
    editable.setSelectionRange(caret - typed.length, caret, 'backward');
    return true;
  }
  const selection = selectionOf(editable);
  if (!selection || selection.rangeCount === 0 || !selection.isCollapsed) return false;
  if (!editable.contains(selection.focusNode)) return false;
  const caret = selection.getRangeAt(0).cloneRange();
  for (let i = graphemes(typed); i > 0; i--) selection.modify('extend', 'backward', 'character');
  if (selection.toString() !== typed) {
    selection.removeAllRanges();
    selection.addRange(caret);
    return false;
  }
  announceSelection(editable);
  return true;
}

/**
 * Replaces `typed` (such as `;hi`), which must be just before the caret, with `text`: the expansion of a
 * shortcut. One undo step where the editor allows it.
 */
export function replaceTextBeforeCaret(
  field: HTMLElement,
  typed: string,
  text: string,
  order?: readonly InsertStrategy[],
): InsertResult {
  const editable = editableOf(field);
  if (!editable) return { inserted: false, strategy: null, editor: 'contenteditable' };
  const editor = editorKind(editable);
  if (!focus(editable) || !selectTypedBeforeCaret(editable, typed))
    return { inserted: false, strategy: null, editor };
  const result = insertText(editable, text, order);
  // Nothing took the expansion: the shortcut stays as typed, with the caret after it rather than selected.
  if (!result.inserted) collapseToEnd(editable);
  return result;
}

function collapseToEnd(editable: HTMLElement): void {
  if (isValueField(editable)) {
    const end = editable.selectionEnd ?? editable.value.length;
    editable.setSelectionRange(end, end);
  } else {
    selectionOf(editable)?.collapseToEnd();
  }
}

/**
 * Remembers the caret (or selection) of `field`, for a palette that takes focus away from the chat box:
 * calling the returned function puts focus and the caret back where they were, so the reply lands there.
 */
export function rememberCaret(field: HTMLElement): () => void {
  const editable = editableOf(field);
  if (!editable) return () => {};
  if (isValueField(editable)) {
    const { selectionStart, selectionEnd, selectionDirection } = editable;
    return () => {
      focus(editable);
      if (selectionStart !== null && selectionEnd !== null)
        editable.setSelectionRange(selectionStart, selectionEnd, selectionDirection ?? undefined);
    };
  }
  const selection = selectionOf(editable);
  const range =
    selection && selection.rangeCount > 0 && editable.contains(selection.getRangeAt(0).startContainer)
      ? selection.getRangeAt(0).cloneRange()
      : null;
  return () => {
    focus(editable);
    if (!range || !range.startContainer.isConnected) return;
    const current = selectionOf(editable);
    current?.removeAllRanges();
    current?.addRange(range);
    announceSelection(editable);
  };
}

/** A saved reply's variable left for the member to fill, as `{{order.status}}`. */
const PLACEHOLDER = /\{\{\s*[\w.]+\s*\}\}/;

/**
 * After `inserted` went in just before the caret, selects its first `{{…}}` left unfilled, so the member types
 * the value over it (and the reply is never sent with it raw). Rich editors are told of the new selection as
 * of a caret the member moved. False when the text holds none or is no longer before the caret.
 */
export function selectFirstPlaceholder(field: HTMLElement, inserted: string): boolean {
  const editable = editableOf(field);
  if (!editable) return false;
  const text = textFor(editable, inserted);
  const found = PLACEHOLDER.exec(text);
  if (!found) return false;
  if (isValueField(editable)) {
    const caret = editable.selectionEnd ?? editable.value.length;
    const start = caret - text.length;
    if (start < 0 || editable.value.slice(start, caret) !== text) return false;
    editable.setSelectionRange(start + found.index, start + found.index + found[0].length);
    return true;
  }
  const selection = selectionOf(editable);
  if (!selection || selection.rangeCount === 0 || !editable.contains(selection.focusNode)) return false;
  // Rich editors turn line breaks into paragraphs, which hold no text: the inserted text as its text nodes hold it.
  const flat = text.replace(/\n/g, '');
  const caret = selection.getRangeAt(0);
  const before = editable.ownerDocument.createRange();
  before.setStart(editable, 0);
  before.setEnd(caret.endContainer, caret.endOffset);
  const caretAt = before.toString().length;
  const from = caretAt - flat.length + (PLACEHOLDER.exec(flat)?.index ?? 0);
  const start = textPosition(editable, from, 'start');
  const end = textPosition(editable, from + found[0].length, 'end');
  if (!start || !end) return false;
  const chosen = editable.ownerDocument.createRange();
  chosen.setStart(start.node, start.offset);
  chosen.setEnd(end.node, end.offset);
  if (chosen.toString() !== found[0]) return false;
  selection.removeAllRanges();
  selection.addRange(chosen);
  announceSelection(editable);
  return true;
}

/**
 * The text node and offset at `offset` characters into the editable's text (its text nodes in order); at the
 * edge of two nodes, a start is put in the next one and an end in the previous one, so a range stays in one.
 */
function textPosition(
  editable: HTMLElement,
  offset: number,
  edge: 'start' | 'end',
): { node: Text; offset: number } | null {
  const walker = editable.ownerDocument.createTreeWalker(editable, NodeFilter.SHOW_TEXT);
  let left = offset;
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    if (left < node.data.length || (edge === 'end' && left === node.data.length))
      return { node, offset: left };
    left -= node.data.length;
  }
  return null;
}
