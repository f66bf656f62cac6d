// A textarea controlled by React state, as most seller centers build their chat box. React only hears an
// input event whose value differs from the one it last set, so this page shows whether it saw the text.
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { expose, mountPoint } from './harness';

let reactValue = '';

function Composer() {
  const [value, setValue] = useState('');
  reactValue = value;
  return (
    <>
      <textarea
        aria-label="Reply"
        rows={4}
        value={value}
        onChange={(event) => setValue(event.target.value)}
      />
      <pre data-testid="react-state">{value}</pre>
    </>
  );
}

const root = mountPoint();
createRoot(root).render(<Composer />);
const textarea = () => root.querySelector('textarea')!;
expose({ read: () => reactValue, caretOffset: () => textarea().selectionEnd });
