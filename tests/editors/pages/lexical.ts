// Lexical with its rich-text behaviour (paragraphs, paste handling) and history, as a vanilla editor.
import { createEmptyHistoryState, registerHistory } from '@lexical/history';
import { registerRichText } from '@lexical/rich-text';
import {
  $getRoot,
  $getSelection,
  $isElementNode,
  $isRangeSelection,
  $isTextNode,
  createEditor,
  type LexicalNode,
} from 'lexical';
import { expose, mountPoint } from './harness';

const root = document.createElement('div');
root.contentEditable = 'true';
root.setAttribute('aria-label', 'Reply');
mountPoint().append(root);

const editor = createEditor({
  namespace: 'editor-under-test',
  onError: (error) => {
    throw error;
  },
});
editor.setRootElement(root);
registerRichText(editor);
registerHistory(editor, createEmptyHistoryState(), 1000);

/** The model's text with one "\n" between paragraphs (getTextContent puts two). */
function read(): string {
  return editor.getEditorState().read(() =>
    $getRoot()
      .getChildren()
      .map((block) => block.getTextContent())
      .join('\n'),
  );
}

function caretOffset(): number {
  return editor.getEditorState().read(() => {
    const selection = $getSelection();
    if (!$isRangeSelection(selection)) return -1;
    const focus = selection.focus;
    let offset = 0;
    let found = -1;
    const walk = (node: LexicalNode): void => {
      if (found >= 0) return;
      if (node.getKey() === focus.key) {
        if (focus.type === 'text') found = offset + focus.offset;
        else if ($isElementNode(node))
          found =
            offset +
            node
              .getChildren()
              .slice(0, focus.offset)
              .reduce((n, c) => n + c.getTextContentSize(), 0);
        return;
      }
      if ($isElementNode(node)) node.getChildren().forEach(walk);
      else offset += $isTextNode(node) ? node.getTextContentSize() : node.getTextContent().length;
    };
    $getRoot()
      .getChildren()
      .forEach((block, i) => {
        if (i > 0) offset += 1;
        walk(block);
      });
    return found;
  });
}

expose({ read, caretOffset });
