// What every editor page gives the tests: the editor's own view of its text and caret, and the insertion
// functions bundled into the page (the content script runs the same code in its isolated world, where the
// DOM APIs it uses behave the same).
import { insertText, rememberCaret, replaceTextBeforeCaret } from '../../../lib/sites/insert';

export interface EditorUnderTest {
  /** The text as the editor's model holds it, lines joined by "\n" (never read back from the DOM). */
  read(): string;
  /** Where the editor's own selection says the caret is, as an offset into read(). */
  caretOffset(): number;
  /**
   * Closes the editor's current undo step, as a pause in typing does (Quill merges changes made within 1 s,
   * ProseMirror within 0.5 s); editors that group by kind of change rather than by time have none.
   */
  closeUndoStep?(): void;
}

declare global {
  interface Window {
    editorUnderTest: EditorUnderTest;
    insertion: {
      insertText: typeof insertText;
      replaceTextBeforeCaret: typeof replaceTextBeforeCaret;
      rememberCaret: typeof rememberCaret;
    };
    /** What a test keeps between two evaluate() calls. */
    restoreCaret?: () => void;
  }
}

export function expose(editor: EditorUnderTest): void {
  window.editorUnderTest = editor;
  window.insertion = { insertText, replaceTextBeforeCaret, rememberCaret };
  document.body.dataset.ready = 'true';
}

/** The element a site adapter's selector would find: the chat box's wrapper. */
export function mountPoint(): HTMLElement {
  const element = document.getElementById('editor');
  if (!element) throw new Error('the page has no #editor');
  return element;
}
