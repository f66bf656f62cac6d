import type { Mail } from '../mail/mailer';

/** The team's emails (an invitation, a password-reset link), plain text in English or Italian. */

type Language = 'en' | 'it';

const ROLE: Record<Language, Record<'admin' | 'manager' | 'agent', string>> = {
  en: { admin: 'an admin', manager: 'a manager', agent: 'an agent' },
  it: { admin: 'amministratore', manager: 'responsabile', agent: 'operatore' },
};

const when = (date: Date, language: Language) =>
  new Intl.DateTimeFormat(language === 'it' ? 'it-IT' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(date) + ' UTC';

export function invitationMail(input: {
  to: string;
  language: Language;
  workspaceName: string;
  inviter: string;
  role: 'admin' | 'manager' | 'agent';
  link: string;
  expiresAt: Date;
}): Mail {
  const { language, workspaceName, inviter, link } = input;
  const role = ROLE[language][input.role];
  const expires = when(input.expiresAt, language);
  if (language === 'it') {
    return {
      to: input.to,
      subject: `${inviter} ti invita in ${workspaceName} su Sidedesk`,
      text: [
        'Ciao,',
        '',
        `${inviter} ti invita a unirti a ${workspaceName} su Sidedesk come ${role}.`,
        '',
        'Apri questo link per scegliere il tuo nome e la password:',
        link,
        '',
        `Il link vale una sola volta e scade il ${expires}.`,
        "Se non ti aspettavi questo invito, ignora l'email: senza il link non succede nulla.",
      ].join('\n'),
    };
  }
  return {
    to: input.to,
    subject: `${inviter} invited you to ${workspaceName} on Sidedesk`,
    text: [
      'Hello,',
      '',
      `${inviter} invited you to join ${workspaceName} on Sidedesk as ${role}.`,
      '',
      'Open this link to choose your nickname and password:',
      link,
      '',
      `The link works once and expires on ${expires}.`,
      'If you did not expect this invitation, ignore this email: nothing happens without the link.',
    ].join('\n'),
  };
}

export function resetMail(input: {
  to: string;
  language: Language;
  workspaceName: string;
  issuer: string;
  link: string;
  expiresAt: Date;
}): Mail {
  const { language, workspaceName, issuer, link } = input;
  const expires = when(input.expiresAt, language);
  if (language === 'it') {
    return {
      to: input.to,
      subject: `Scegli una nuova password per ${workspaceName} su Sidedesk`,
      text: [
        'Ciao,',
        '',
        `${issuer} ti ha mandato un link per scegliere una nuova password per ${workspaceName} su Sidedesk:`,
        link,
        '',
        `Il link vale una sola volta e scade il ${expires}. Quando lo usi, le tue altre sessioni vengono chiuse.`,
      ].join('\n'),
    };
  }
  return {
    to: input.to,
    subject: `Choose a new password for ${workspaceName} on Sidedesk`,
    text: [
      'Hello,',
      '',
      `${issuer} sent you a link to choose a new password for ${workspaceName} on Sidedesk:`,
      link,
      '',
      `The link works once and expires on ${expires}. Using it signs you out everywhere else.`,
    ].join('\n'),
  };
}
