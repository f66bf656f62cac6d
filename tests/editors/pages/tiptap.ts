// TipTap (ProseMirror) with its starter kit: paragraphs, hard breaks, history.
import { Editor, getTextBetween, getTextSerializersFromSchema } from '@tiptap/core';
import { closeHistory } from '@tiptap/pm/history';
import StarterKit from '@tiptap/starter-kit';
import { expose, mountPoint } from './harness';

const editor = new Editor({
  element: mountPoint(),
  extensions: [StarterKit],
  editorProps: { attributes: { 'aria-label': 'Reply' } },
});

const textUpTo = (to: number) =>
  getTextBetween(
    editor.state.doc,
    { from: 0, to },
    {
      blockSeparator: '\n',
      textSerializers: getTextSerializersFromSchema(editor.schema),
    },
  );

expose({
  read: () => editor.getText({ blockSeparator: '\n' }),
  caretOffset: () => textUpTo(editor.state.selection.to).length,
  closeUndoStep: () => editor.view.dispatch(closeHistory(editor.state.tr)),
});
