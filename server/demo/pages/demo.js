// Helpers shared by the demo marketplace's pages: JSON requests, message ids, DOM building, times.
window.demo = (() => {
  async function request(method, url, body) {
    const response = await fetch(url, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const data = await response.json().catch(() => null);
    if (!response.ok) throw new Error(data?.message ?? `${response.status} ${response.statusText}`);
    return data;
  }

  /** A UUID for a new message, so a resend of it is stored once. */
  function newMessageId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    // randomUUID needs a secure context; a page on a LAN address over http builds a v4 UUID itself.
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /** An element with attributes and children; strings become text, never HTML. */
  function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === undefined || value === null || value === false) continue;
      if (name === 'className') node.className = value;
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
  const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short' });

  function formatTime(iso) {
    return timeFormat.format(new Date(iso));
  }

  function formatDay(iso) {
    const date = new Date(iso);
    return date.toDateString() === new Date().toDateString() ? 'Today' : dayFormat.format(date);
  }

  /** A short time for lists: the hour today, else the day. */
  function formatWhen(iso) {
    return new Date(iso).toDateString() === new Date().toDateString()
      ? formatTime(iso)
      : dayFormat.format(new Date(iso));
  }

  /** A point in time for a sentence: the hour today, else the day and the hour. */
  function formatMoment(iso) {
    const time = formatTime(iso);
    return new Date(iso).toDateString() === new Date().toDateString()
      ? time
      : `${dayFormat.format(new Date(iso))}, ${time}`;
  }

  function initials(name) {
    return name
      .split(/\s+/)
      .map((part) => part[0] ?? '')
      .join('')
      .slice(0, 2)
      .toUpperCase();
  }

  /**
   * A chat message list that shows each message once, in time order, with day dividers. `render(message)`
   * builds the element; a pending message (sent, not yet confirmed) is confirmed in place.
   */
  function messageList(container, render) {
    const shown = new Map();
    // Sent from this page and not yet confirmed: the live copy of one may arrive before the send's answer.
    const pending = new Set();

    function placeDividers() {
      container.querySelectorAll('.day-divider').forEach((d) => d.remove());
      let lastDay = '';
      for (const node of container.querySelectorAll('[data-testid="message"]')) {
        const day = formatDay(node.dataset.createdAt);
        if (day !== lastDay) node.before(el('li', { className: 'day-divider' }, day));
        lastDay = day;
      }
    }

    function insert(node) {
      const later = [...container.querySelectorAll('[data-testid="message"]')].find(
        (other) => other.dataset.createdAt > node.dataset.createdAt,
      );
      if (later) later.before(node);
      else container.append(node);
      placeDividers();
      container.scrollTop = container.scrollHeight;
    }

    return {
      clear() {
        shown.clear();
        container.replaceChildren();
      },
      add(message) {
        if (shown.has(message.id)) return;
        const node = render(message);
        shown.set(message.id, node);
        // This page's own message, come back live: it takes its pending copy's place, never stands beside it.
        const own = [...pending].find((p) => p.direction === message.direction && p.body === message.body);
        if (own) {
          pending.delete(own);
          own.node.replaceWith(node);
          return;
        }
        insert(node);
      },
      addPending(message) {
        const node = render(message);
        node.dataset.pending = 'true';
        const entry = { node, direction: message.direction, body: message.body };
        pending.add(entry);
        insert(node);
        return {
          confirm(stored) {
            pending.delete(entry);
            // The live socket may have shown the stored copy already.
            if (shown.has(stored.id)) return node.remove();
            const confirmed = render(stored);
            shown.set(stored.id, confirmed);
            node.replaceWith(confirmed);
          },
          fail() {
            node.classList.add('failed');
          },
        };
      },
    };
  }

  /** Runs tasks one after another: messages reach the server in the order they were typed. */
  function oneAfterAnother() {
    let last = Promise.resolve();
    return (task) => {
      last = last.then(task);
    };
  }

  return {
    get: (url) => request('GET', url),
    post: (url, body) => request('POST', url, body),
    newMessageId,
    el,
    formatTime,
    formatWhen,
    formatMoment,
    initials,
    messageList,
    oneAfterAnother,
  };
})();
