// Draft.js, whose model (an immutable EditorState in React state) ignores what it did not see as an event.
import { Editor, EditorState } from 'draft-js';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { expose, mountPoint } from './harness';

let current = EditorState.createEmpty();

function Composer() {
  const [editorState, setEditorState] = useState(current);
  current = editorState;
  return (
    <Editor
      editorState={editorState}
      onChange={(next) => {
        current = next;
        setEditorState(next);
      }}
      ariaLabel="Reply"
    />
  );
}

createRoot(mountPoint()).render(<Composer />);

function caretOffset(): number {
  const selection = current.getSelection();
  const blocks = current.getCurrentContent().getBlocksAsArray();
  let offset = 0;
  for (const block of blocks) {
    if (block.getKey() === selection.getFocusKey()) return offset + selection.getFocusOffset();
    offset += block.getLength() + 1;
  }
  return -1;
}

expose({ read: () => current.getCurrentContent().getPlainText('\n'), caretOffset });
