// What the content script uses from lib/sites, bundled as one classic script (`SidedeskContent`) for tests
// that run it in an isolated world of a page, as the extension does.
export {
  insertText,
  rememberCaret,
  replaceTextBeforeCaret,
  selectFirstPlaceholder,
} from '../../lib/sites/insert';
export { siteFor } from '../../lib/sites/registry';
export { findFirst, readPageFacts } from '../../lib/sites/site';
