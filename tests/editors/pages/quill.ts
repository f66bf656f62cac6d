// Quill 2 with its default modules (keyboard, clipboard, history).
import Quill from 'quill';
import { expose, mountPoint } from './harness';

const container = document.createElement('div');
mountPoint().append(container);
const quill = new Quill(container, { placeholder: 'Reply' });
quill.root.setAttribute('aria-label', 'Reply');

expose({
  // getText() always ends with the document's final newline.
  read: () => quill.getText().replace(/\n$/, ''),
  caretOffset: () => {
    const range = quill.getSelection();
    return range ? range.index + range.length : -1;
  },
  closeUndoStep: () => quill.history.cutoff(),
});
