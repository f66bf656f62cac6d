// The buyer's side of the demo marketplace chat: pick a shop and a customer, read the history, write, and see
// the shop's replies arrive live.
(() => {
  const { el } = window.demo;
  const shopSelect = document.getElementById('shop-select');
  const customerSelect = document.getElementById('customer-select');
  const input = document.getElementById('message-input');
  const sendButton = document.getElementById('send-button');
  const note = document.getElementById('composer-note');
  const queue = window.demo.oneAfterAnother();
  const messages = window.demo.messageList(document.getElementById('messages'), renderMessage);
  let context = null;
  let socket = null;
  const shopTyping = document.getElementById('shop-typing');
  let typingTimer = 0;
  let lastTypingSent = 0;
  let seenUpTo = '';

  /** "Seen" under the customer's own messages the shop has read. */
  function markSeen() {
    for (const item of document.querySelectorAll('#messages [data-direction="inbound"]')) {
      const seen = seenUpTo && item.dataset.createdAt <= seenUpTo;
      let badge = item.querySelector('.seen');
      if (seen && !badge) {
        badge = el('span', { className: 'seen', 'data-testid': 'seen' }, 'Seen');
        item.append(badge);
      }
    }
  }

  /** Tells the shop the customer has read everything shown, while the page is in front. */
  function reportRead() {
    if (document.visibilityState !== 'visible' || !socket?.connected) return;
    const newest = [...document.querySelectorAll('#messages [data-direction="outbound"]')].at(-1);
    if (newest?.dataset.createdAt) socket.emit('read', { readUpTo: newest.dataset.createdAt });
  }
  document.addEventListener('visibilitychange', reportRead);

  function renderMessage(message) {
    return el(
      'li',
      {
        className: 'message',
        'data-testid': 'message',
        'data-direction': message.direction,
        'data-id': message.id,
        'data-created-at': message.createdAt,
      },
      ...(message.attachment ? [attachmentView(message.attachment)] : []),
      ...(message.card ? [cardView(message.card)] : []),
      ...(message.body ? [el('p', {}, message.body)] : []),
      ...(message.satisfactionRequest ? [ratingForm(message.conversationId)] : []),
      el('span', { className: 'meta' }, window.demo.formatTime(message.createdAt)),
    );
  }

  const money = (cents, currency) =>
    new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(cents / 100);
  const day = (iso) => new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' });

  /** A voucher, product or order the shop sent, as the marketplace shows such a card to the buyer. */
  function cardView(card) {
    const box = (type, ...children) =>
      el(
        'div',
        { className: `card card-${type}`, 'data-testid': 'card', 'data-card-type': type },
        ...children,
      );
    if (card.type === 'voucher') {
      const v = card.voucher;
      const off =
        v.discountType === 'percent'
          ? `${v.discountValue}% off`
          : `${money(v.discountValue, v.currency)} off`;
      return box(
        'voucher',
        el('strong', {}, `🎟 ${v.title}`),
        el('span', {}, `${off} · code ${v.code}`),
        ...(v.minSpendCents > 0
          ? [el('span', {}, `Minimum spend ${money(v.minSpendCents, v.currency)}`)]
          : []),
        el('span', { className: 'meta' }, `Valid until ${day(v.expiresAt)}`),
        claimButton(v),
      );
    }
    if (card.type === 'product') {
      const p = card.product;
      return box(
        'product',
        el('strong', {}, `🛍 ${p.title}`),
        el('span', {}, money(p.priceCents, p.currency)),
        el(
          'span',
          { className: 'meta' },
          p.stock > 0 ? `In stock · SKU ${p.sku}` : `Out of stock · SKU ${p.sku}`,
        ),
      );
    }
    const o = card.order;
    return box(
      'order',
      el('strong', {}, `📦 Order ${o.number}`),
      el('span', {}, `${o.status.replaceAll('_', ' ')} · ${money(o.totalCents, o.currency)}`),
      ...o.items.map((item) => el('span', { className: 'meta' }, `${item.quantity} × ${item.title}`)),
      ...(o.trackingNumber
        ? [el('span', { className: 'meta' }, `${o.carrier ?? ''} ${o.trackingNumber}`.trim())]
        : []),
    );
  }

  /** "Claim": the voucher is the buyer's, and one fewer is left for the others. */
  function claimButton(v) {
    const button = el(
      'button',
      { type: 'button', className: 'claim', 'data-testid': 'claim-voucher' },
      'Claim',
    );
    button.addEventListener('click', async () => {
      button.disabled = true;
      const response = await fetch(`/demo/api/customer/vouchers/${encodeURIComponent(v.id)}/claim`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ shopId: shopSelect.value, customerHandle: customerSelect.value }),
      });
      const answer = await response.json();
      button.textContent = response.ok ? 'Claimed ✓' : answer.message;
    });
    return button;
  }

  /** A picture, video or file in the chat: its thumbnail or player, and a link to the whole file. */
  function attachmentView(file) {
    if (file.kind === 'image') {
      const img = el('img', { src: file.thumbnailUrl ?? file.url, alt: file.name, loading: 'lazy' });
      return el(
        'a',
        {
          href: file.url,
          target: '_blank',
          rel: 'noopener noreferrer',
          className: 'attachment',
          'data-testid': 'attachment',
        },
        img,
      );
    }
    if (file.kind === 'video') {
      return el('video', {
        src: file.url,
        controls: true,
        preload: 'metadata',
        className: 'attachment',
        'data-testid': 'attachment',
        poster: file.thumbnailUrl ?? undefined,
      });
    }
    return el(
      'a',
      {
        href: file.url,
        target: '_blank',
        rel: 'noopener noreferrer',
        className: 'attachment attachment-file',
        'data-testid': 'attachment',
        download: file.name,
      },
      `📎 ${file.name} (${Math.max(1, Math.round(file.size / 1024))} KB)`,
    );
  }

  /** The 5-point rating a shop asks for when it ends a session, with an optional comment. */
  function ratingForm(conversationId) {
    let chosen = 0;
    const stars = [1, 2, 3, 4, 5].map((value) => {
      const star = el(
        'button',
        {
          type: 'button',
          className: 'rating-star',
          'data-testid': 'rating-star',
          'data-value': String(value),
        },
        '★',
      );
      star.setAttribute('aria-label', `${value} of 5`);
      star.addEventListener('click', () => {
        chosen = value;
        stars.forEach((s, i) => s.classList.toggle('chosen', i < value));
        submit.disabled = false;
      });
      return star;
    });
    const comment = el('input', {
      type: 'text',
      placeholder: 'A comment (optional)',
      'data-testid': 'rating-comment',
    });
    const submit = el('button', { type: 'submit', 'data-testid': 'rating-submit' }, 'Send rating');
    submit.disabled = true;
    const form = el(
      'form',
      { className: 'rating-form' },
      el('div', { className: 'rating-stars' }, ...stars),
      comment,
      submit,
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      submit.disabled = true;
      try {
        await window.demo.post('/demo/api/customer/rating', {
          conversationId,
          rating: chosen,
          comment: comment.value,
        });
        form.replaceChildren(
          el(
            'p',
            { className: 'rating-thanks', 'data-testid': 'rating-thanks' },
            `Thank you! You rated us ${chosen}/5.`,
          ),
        );
      } catch (error) {
        submit.disabled = false;
        note.textContent = `Could not send the rating: ${error.message}`;
      }
    });
    return form;
  }

  const currentShop = () => context.shops.find((s) => s.id === shopSelect.value);
  const currentHandle = () => customerSelect.value;

  function setReady(ready) {
    input.disabled = !ready;
    sendButton.disabled = !ready;
  }

  function fillCustomers(preferredHandle) {
    const shop = currentShop();
    customerSelect.replaceChildren(
      ...shop.customers.map((c) => el('option', { value: c.handle }, `${c.displayName} (@${c.handle})`)),
    );
    if (shop.customers.some((c) => c.handle === preferredHandle)) customerSelect.value = preferredHandle;
    document.getElementById('shop-name').textContent = shop.name;
    document.getElementById('shop-avatar').textContent = window.demo.initials(
      shop.name.replace(/^Acme\s+/, ''),
    );
  }

  async function loadHistory(shopId, handle) {
    const query = new URLSearchParams({ shopId, customerHandle: handle });
    const history = await window.demo.get(`/demo/api/customer/history?${query}`);
    if (shopId !== shopSelect.value || handle !== currentHandle()) return;
    history.messages.forEach(messages.add);
  }

  /** Opens the chat of the chosen customer with the chosen shop; the socket's every (re)connect reloads history. */
  function openChat() {
    const shopId = shopSelect.value;
    const handle = currentHandle();
    const url = new URL(location.href);
    url.searchParams.set('shop', shopId);
    url.searchParams.set('customer', handle);
    history.replaceState(null, '', url);

    setReady(false);
    messages.clear();
    note.textContent = '';
    socket?.disconnect();
    socket = io('/demo-customer', { auth: { shopId, customerHandle: handle } });
    socket.on('message.created', (message) => {
      messages.add(message);
      shopTyping.hidden = true;
      reportRead();
    });
    // The shop typing a reply, and how far it has read the customer's messages.
    socket.on('typing', ({ until }) => {
      shopTyping.hidden = false;
      clearTimeout(typingTimer);
      typingTimer = setTimeout(() => (shopTyping.hidden = true), new Date(until).getTime() - Date.now());
    });
    socket.on('seen', ({ readUpTo }) => {
      seenUpTo = readUpTo > seenUpTo ? readUpTo : seenUpTo;
      markSeen();
    });
    const opened = socket;
    socket.on('connect', () => {
      loadHistory(shopId, handle).then(
        () => {
          if (opened !== socket) return;
          setReady(true);
          reportRead();
        },
        (error) => (note.textContent = `Could not load the chat: ${error.message}`),
      );
    });
    socket.on('connect_error', (error) => (note.textContent = `Not connected: ${error.message}`));
  }

  /** Posts a customer message: `{ shopId, customerHandle, externalId, body }`, fixed when it was typed. */
  async function send(outgoing, pending) {
    try {
      const result = await window.demo.post('/demo/api/customer/messages', outgoing);
      pending.confirm(result.message);
      note.textContent = '';
    } catch (error) {
      pending.fail();
      const retry = el('button', { type: 'button' }, 'Retry');
      // The same id again: if the first attempt did arrive, the shop still gets the message once.
      retry.addEventListener('click', () => send(outgoing, pending));
      note.replaceChildren(`Not sent: ${error.message} `, retry);
    }
  }

  // A picture, video or file: uploaded first, then sent as a message with what is typed as its caption.
  const fileInput = document.getElementById('file-input');
  fileInput.addEventListener('change', async () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (!file) return;
    const query = new URLSearchParams({ shopId: shopSelect.value, customerHandle: currentHandle() });
    try {
      const response = await fetch(`/demo/api/customer/attachments?${query}`, {
        method: 'POST',
        headers: {
          'content-type': file.type || 'application/octet-stream',
          'x-file-name': encodeURIComponent(file.name),
        },
        body: file,
      });
      const uploaded = await response.json();
      if (!response.ok) throw new Error(uploaded?.message ?? response.statusText);
      const body = input.value.trim();
      input.value = '';
      const externalId = window.demo.newMessageId();
      const pending = messages.addPending({
        id: externalId,
        direction: 'inbound',
        body,
        attachment: uploaded,
        createdAt: new Date().toISOString(),
      });
      const outgoing = {
        shopId: shopSelect.value,
        customerHandle: currentHandle(),
        externalId,
        body,
        attachmentId: uploaded.id,
      };
      queue(() => send(outgoing, pending));
    } catch (error) {
      note.textContent = `Could not send the file: ${error.message}`;
    }
  });

  document.getElementById('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    const body = input.value.trim();
    if (!body) return;
    input.value = '';
    const externalId = window.demo.newMessageId();
    const pending = messages.addPending({
      id: externalId,
      direction: 'inbound',
      body,
      createdAt: new Date().toISOString(),
    });
    const outgoing = { shopId: shopSelect.value, customerHandle: currentHandle(), externalId, body };
    queue(() => send(outgoing, pending));
  });
  // While the customer types, the shop is told every 3 seconds at most.
  input.addEventListener('input', () => {
    if (!socket?.connected || !input.value.trim() || Date.now() - lastTypingSent < 3_000) return;
    lastTypingSent = Date.now();
    socket.emit('typing');
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      document.getElementById('composer').requestSubmit();
    }
  });
  shopSelect.addEventListener('change', () => {
    fillCustomers();
    openChat();
  });
  customerSelect.addEventListener('change', openChat);

  window.demo.get('/demo/api/context').then(
    (loaded) => {
      context = loaded;
      const params = new URLSearchParams(location.search);
      shopSelect.replaceChildren(...context.shops.map((s) => el('option', { value: s.id }, s.name)));
      if (context.shops.some((s) => s.id === params.get('shop'))) shopSelect.value = params.get('shop');
      if (context.shops.length === 0) {
        note.textContent = 'The demo workspace is not in this store.';
        return;
      }
      fillCustomers(params.get('customer'));
      openChat();
    },
    (error) => (note.textContent = `Could not load the demo marketplace: ${error.message}`),
  );
})();
