import nodemailer from 'nodemailer';

export interface OutgoingMail {
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  /** The language of the text, sent as Content-Language. */
  language?: string;
}

export interface Mailer {
  /** Sends one message; resolves with the SMTP message id once the server has accepted it. */
  send(mail: OutgoingMail): Promise<{ messageId: string; accepted: string[] }>;
  close(): void;
}

/**
 * A mailer on an SMTP URL: `smtp://user:pass@host:587` (STARTTLS when offered), `smtps://host:465`,
 * or `smtp://127.0.0.1:2525` for the development sink.
 */
export function createMailer(smtpUrl: string, options: { from: string }): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(mail) {
      const info = await transport.sendMail({
        from: options.from,
        to: mail.to,
        cc: mail.cc && mail.cc.length > 0 ? mail.cc : undefined,
        subject: mail.subject,
        text: mail.text,
        headers: mail.language ? { 'Content-Language': mail.language } : {},
      });
      return { messageId: info.messageId, accepted: info.accepted.map(String) };
    },
    close: () => transport.close(),
  };
}
