/** The palette's own styles, inside its shadow root; the page's CSS does not reach in, nor ours out. */
export const PALETTE_CSS = `
:host { all: initial; position: fixed; inset: 0; z-index: 2147483647; display: block;
  font: 14px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; }
.palette { position: absolute; top: 12vh; left: 50%; transform: translateX(-50%); width: min(560px, 92vw);
  background: #fff; color: #1d2129; border: 1px solid #d0d4da; border-radius: 10px;
  box-shadow: 0 12px 40px rgba(0,0,0,.25); overflow: hidden; display: flex; flex-direction: column; }
input { font: inherit; padding: 10px 12px; border: 0; border-bottom: 1px solid #e3e6ea; outline: none; }
ul { list-style: none; margin: 0; padding: 4px; max-height: 50vh; overflow-y: auto; }
li { padding: 6px 10px; border-radius: 6px; cursor: pointer; display: flex; flex-wrap: wrap; gap: 4px; }
li[aria-selected='true'] { background: #e6f4f2; outline: 1px solid #0f766e; }
code { color: #0f766e; }
.title { margin: 10px 12px 0; font-weight: 600; }
.status { color: #5f6672; }
.body { flex-basis: 100%; color: #5f6672; font-size: 12px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.empty, .hint { margin: 6px 12px; color: #5f6672; font-size: 12px; }
@media (prefers-color-scheme: dark) {
  .palette { background: #1e2126; color: #e8eaed; border-color: #33373d; }
  input { background: #1e2126; color: #e8eaed; border-color: #33373d; }
  li[aria-selected='true'] { background: #133b37; }
  code { color: #2dd4bf; }
}
`;

/** A toast covers only itself, so the page stays usable under it. */
export const TOAST_CSS = `
:host { all: initial; position: fixed; bottom: 24px; left: 50%; transform: translateX(-50%); z-index: 2147483647;
  max-width: min(480px, 92vw); pointer-events: none;
  font: 13px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; }
/* Above the chat box it is about, never over it. */
:host([data-place='top']) { bottom: auto; top: 16px; }
.toast { margin: 0; padding: 8px 14px; background: #1d2129; color: #fff; border-radius: 8px; }
`;
