import type { MemberLanguage } from '../../lib/protocol';

export interface DigestNotice {
  kind: 'assigned' | 'customerMessage' | 'due_soon' | 'overdue' | 'snoozeEnded';
  customerName: string;
  detail: string;
  at: Date;
}

interface Words {
  subject: (count: number) => string;
  greeting: (nickname: string) => string;
  intro: string;
  lines: Record<DigestNotice['kind'], (customer: string) => string>;
  open: string;
  why: string;
}

/** The digest's words in each language a member can choose. */
const WORDS: Record<MemberLanguage, Words> = {
  en: {
    subject: (n) => (n === 1 ? 'Sidedesk: 1 update in your chats' : `Sidedesk: ${n} updates in your chats`),
    greeting: (nickname) => `Hello ${nickname},`,
    intro: 'this is what happened in your chats since the last email:',
    lines: {
      assigned: (c) => `A chat with ${c} was assigned to you`,
      customerMessage: (c) => `New message from ${c}`,
      due_soon: (c) => `The reply to ${c} is due soon`,
      overdue: (c) => `The reply to ${c} is overdue`,
      snoozeEnded: (c) => `The chat with ${c} is back from snooze`,
    },
    open: 'Open Sidedesk to answer:',
    why: 'You get this email because you chose email notifications in Sidedesk (Options, Notifications).',
  },
  it: {
    subject: (n) => (n === 1 ? 'Sidedesk: 1 novità nelle tue chat' : `Sidedesk: ${n} novità nelle tue chat`),
    greeting: (nickname) => `Ciao ${nickname},`,
    intro: "ecco cos'è successo nelle tue chat dall'ultima email:",
    lines: {
      assigned: (c) => `Ti è stata assegnata una chat con ${c}`,
      customerMessage: (c) => `Nuovo messaggio da ${c}`,
      due_soon: (c) => `La risposta a ${c} è in scadenza`,
      overdue: (c) => `La risposta a ${c} è in ritardo`,
      snoozeEnded: (c) => `La chat con ${c} è tornata dalla posticipazione`,
    },
    open: 'Apri Sidedesk per rispondere:',
    why: 'Ricevi questa email perché hai scelto le notifiche via email in Sidedesk (Opzioni, Notifiche).',
  },
};

/** One email listing a member's notices, oldest first, in the member's language. */
export function digestMail(
  language: MemberLanguage,
  nickname: string,
  notices: DigestNotice[],
  publicUrl: string,
): { subject: string; text: string } {
  const words = WORDS[language];
  const time = new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'short', timeZone: 'UTC' });
  const lines = notices.map((n) => {
    const line = `• ${time.format(n.at)} UTC: ${words.lines[n.kind](n.customerName)}`;
    return n.detail ? `${line}\n  “${n.detail.replace(/\s+/g, ' ').trim()}”` : line;
  });
  return {
    subject: words.subject(notices.length),
    text: [
      words.greeting(nickname),
      words.intro,
      '',
      ...lines,
      '',
      `${words.open} ${publicUrl}`,
      '',
      '—',
      words.why,
    ].join('\n'),
  };
}
