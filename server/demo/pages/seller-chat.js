// The seller center's chat: the shop's marketplace chats, one open with its messages and the customer's
// orders, and a composer. Replies sent here are recorded in Sidedesk as the seller center's.
(() => {
  const { el } = window.demo;
  const shopId = document.body.dataset.shopId;
  const list = document.getElementById('conversation-list');
  const search = document.getElementById('conversation-search');
  const header = document.getElementById('chat-header');
  const input = document.getElementById('message-input');
  const sendButton = document.getElementById('send-button');
  const note = document.getElementById('composer-note');
  const sideOrders = document.getElementById('customer-orders');
  const queue = window.demo.oneAfterAnother();
  const messages = window.demo.messageList(document.getElementById('messages'), renderMessage);
  const authorLabels = {
    customer: null,
    member: 'via Sidedesk',
    seller_center: 'Seller Center',
    automation: 'Auto-reply',
  };

  let conversations = [];
  let filter = 'all';
  let selected = null;

  function renderMessage(message) {
    const by = authorLabels[message.author];
    return el(
      'li',
      {
        className: 'message',
        'data-testid': 'message',
        'data-direction': message.direction,
        'data-id': message.id,
        'data-created-at': message.createdAt,
      },
      el('p', {}, message.body),
      el('span', { className: 'meta' }, window.demo.formatTime(message.createdAt), by ? ` · ${by}` : ''),
    );
  }

  function matches(conversation) {
    if (filter === 'unreplied' && !(conversation.status !== 'closed' && conversation.awaitingReplySince))
      return false;
    if (filter === 'ended' && conversation.status !== 'closed') return false;
    const words = search.value.trim().toLowerCase();
    if (!words) return true;
    return [conversation.customerName, conversation.customerHandle ?? '', conversation.lastMessagePreview]
      .join(' ')
      .toLowerCase()
      .includes(words);
  }

  function renderList() {
    const shown = conversations.filter(matches);
    list.replaceChildren(
      ...shown.map((c) =>
        el(
          'li',
          {
            'data-testid': 'seller-conversation',
            'data-conversation-id': c.id,
            className: c.id === selected?.id ? 'selected' : '',
          },
          el('span', { className: 'avatar' }, window.demo.initials(c.customerName)),
          el(
            'span',
            { className: 'name' },
            el('span', { className: 'name-text' }, c.customerName),
            c.status === 'closed'
              ? el('span', { className: 'badge badge-ended' }, 'Ended')
              : c.awaitingReplySince
                ? el('span', { className: 'badge badge-unreplied' }, 'Unreplied')
                : null,
          ),
          el('span', { className: 'muted' }, window.demo.formatWhen(c.lastMessageAt)),
          el('span', { className: 'preview' }, c.lastMessagePreview),
        ),
      ),
    );
    if (shown.length === 0) list.append(el('li', { className: 'placeholder' }, 'No chats here'));
  }

  async function loadList() {
    const result = await window.demo.get(
      `/demo/api/seller/conversations?shopId=${encodeURIComponent(shopId)}`,
    );
    conversations = result.conversations;
    renderList();
  }

  function renderHeader(conversation) {
    header.replaceChildren(
      el('strong', {}, conversation.customerName),
      ' ',
      el(
        'span',
        { className: 'muted' },
        conversation.customerHandle ? `@${conversation.customerHandle}` : '',
      ),
      el(
        'div',
        { className: 'muted' },
        conversation.status === 'closed'
          ? 'Chat ended'
          : conversation.awaitingReplySince
            ? `Waiting for a reply since ${window.demo.formatMoment(conversation.awaitingReplySince)}`
            : 'Replied',
      ),
    );
    const closed = conversation.status === 'closed';
    input.disabled = closed;
    sendButton.disabled = closed;
    note.textContent = closed ? 'This chat has ended; the customer can start a new one.' : '';
  }

  async function loadOrders(customerId) {
    const query = new URLSearchParams({ shopId, customerId });
    const { orders } = await window.demo.get(`/demo/api/seller/orders?${query}`);
    if (selected?.customerId !== customerId) return;
    sideOrders.replaceChildren(
      ...orders.map((o) =>
        el(
          'li',
          { 'data-order-id': o.externalId },
          el('span', { className: 'order-id' }, o.externalId),
          el('span', { className: `status status-${o.status}` }, o.status.replaceAll('_', ' ')),
          el('span', {}, o.items.map((i) => `${i.title} × ${i.quantity}`).join(', ')),
          el(
            'span',
            { className: 'money' },
            new Intl.NumberFormat(undefined, { style: 'currency', currency: o.currency }).format(
              o.totalCents / 100,
            ),
          ),
          o.trackingNumber ? el('span', { className: 'tracking' }, `${o.carrier} ${o.trackingNumber}`) : null,
        ),
      ),
    );
    if (orders.length === 0) sideOrders.append(el('li', { className: 'muted' }, 'No orders yet'));
  }

  async function open(conversationId) {
    const result = await window.demo.get(
      `/demo/api/seller/conversations/${encodeURIComponent(conversationId)}/messages`,
    );
    const switched = selected?.id !== conversationId;
    selected = result.conversation;
    if (switched) {
      messages.clear();
      sideOrders.replaceChildren();
      loadOrders(selected.customerId);
    }
    result.messages.forEach(messages.add);
    renderHeader(selected);
    renderList();
  }

  async function send(conversationId, reply, pending) {
    try {
      const result = await window.demo.post(
        `/demo/api/seller/conversations/${encodeURIComponent(conversationId)}/replies`,
        reply,
      );
      pending.confirm(result.message);
      note.textContent = '';
      loadList();
    } catch (error) {
      pending.fail();
      const retry = el('button', { type: 'button' }, 'Retry');
      // The same id again: a reply that did reach the marketplace is stored once.
      retry.addEventListener('click', () => send(conversationId, reply, pending));
      note.replaceChildren(`Not sent: ${error.message} `, retry);
    }
  }

  list.addEventListener('click', (event) => {
    const item = event.target.closest('[data-conversation-id]');
    if (item) open(item.dataset.conversationId);
  });
  search.addEventListener('input', renderList);
  for (const tab of document.querySelectorAll('[data-filter]')) {
    tab.addEventListener('click', () => {
      filter = tab.dataset.filter;
      document.querySelectorAll('[data-filter]').forEach((t) => t.classList.toggle('active', t === tab));
      renderList();
    });
  }
  document.getElementById('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    const body = input.value.trim();
    if (!body || !selected) return;
    input.value = '';
    const externalId = window.demo.newMessageId();
    const pending = messages.addPending({
      id: externalId,
      direction: 'outbound',
      author: 'seller_center',
      body,
      createdAt: new Date().toISOString(),
    });
    const conversationId = selected.id;
    queue(() => send(conversationId, { externalId, body }, pending));
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      document.getElementById('composer').requestSubmit();
    }
  });

  // Live: every message of this shop's chats, from the customer, Sidedesk or this page; a reconnect reloads.
  const socket = io('/demo-seller-center', { auth: { shopId } });
  let refresh = null;
  socket.on('message.created', (message) => {
    if (message.conversationId === selected?.id) {
      messages.add(message);
      open(selected.id);
    }
    clearTimeout(refresh);
    refresh = setTimeout(loadList, 150);
  });
  socket.on('connect', () => {
    loadList();
    if (selected) open(selected.id);
  });
  socket.on('connect_error', (error) => (note.textContent = `Not connected: ${error.message}`));
})();
