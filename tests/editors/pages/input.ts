// A plain single-line input with no framework.
import { expose, mountPoint } from './harness';

const input = document.createElement('input');
input.setAttribute('aria-label', 'Reply');
mountPoint().append(input);
expose({ read: () => input.value, caretOffset: () => input.selectionEnd ?? 0 });
