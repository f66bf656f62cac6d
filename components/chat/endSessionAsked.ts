/**
 * The `e` key's request to end the open chat's session: the chat's actions answer it with the same
 * confirmation as their End session button. (A name of its own, so the key handler does not load the chat.)
 */
export const END_SESSION_ASKED = 'sidedesk:end-session-asked';
