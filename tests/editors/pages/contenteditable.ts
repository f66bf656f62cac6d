// A bare contenteditable div: its DOM is its only model. Chromium types a line break as a new <div> (an
// empty line is <div><br></div>), which innerText reads with an extra line; linesOf() reads lines the way
// the box shows them.
import { expose, mountPoint } from './harness';

const box = document.createElement('div');
box.contentEditable = 'true';
box.setAttribute('role', 'textbox');
box.setAttribute('aria-label', 'Reply');
mountPoint().append(box);

const BLOCKS = new Set(['DIV', 'P', 'LI']);

function linesOf(root: Node): string {
  let text = '';
  let atStart = true;
  const walk = (node: Node): void => {
    for (const child of node.childNodes) {
      if (child instanceof Text) {
        text += child.data;
        atStart = false;
      } else if (child.nodeName === 'BR') {
        // A <br> that ends its block only holds the (possibly empty) line open.
        if (child !== node.lastChild) text += '\n';
        atStart = false;
      } else if (BLOCKS.has(child.nodeName)) {
        if (!atStart) text += '\n';
        atStart = false;
        walk(child);
      } else {
        walk(child);
      }
    }
  };
  walk(root);
  return text;
}

function caretOffset(): number {
  const selection = document.getSelection();
  if (!selection || selection.rangeCount === 0 || !box.contains(selection.focusNode)) return -1;
  const before = document.createRange();
  before.selectNodeContents(box);
  before.setEnd(selection.focusNode!, selection.focusOffset);
  return linesOf(before.cloneContents()).length;
}

expose({ read: () => linesOf(box), caretOffset });
