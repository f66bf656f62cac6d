import nodemailer from 'nodemailer';

/** One email Sidedesk sends: invitations, password resets, batched notifications. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** False when no SMTP_URL is set: callers show the link instead of saying it was emailed. */
  readonly enabled: boolean;
  send(mail: Mail): Promise<void>;
  close(): void;
}

/** Email over SMTP (nodemailer) when `smtpUrl` is set; otherwise a mailer that refuses to send. */
export function createMailer(smtpUrl: string | undefined, from: string): Mailer {
  if (!smtpUrl) {
    return {
      enabled: false,
      send: () => Promise.reject(new Error('No SMTP_URL is set, so no email can be sent')),
      close: () => {},
    };
  }
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    enabled: true,
    async send(mail) {
      await transport.sendMail({ from, ...mail });
    },
    close: () => transport.close(),
  };
}
