import nodemailer from 'nodemailer';

export interface OutgoingMail {
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  /** The language of the text, sent as Content-Language. */
  language?: string;
  /** Files sent with the message, such as a purchase order's PDF. */
  attachments?: { filename: string; content: Uint8Array; contentType: string }[];
}

export interface Mailer {
  /** Sends one message; resolves with the SMTP message id once the server has accepted it. */
  send(mail: OutgoingMail): Promise<{ messageId: string; accepted: string[] }>;
  close(): void;
}

export interface MailerOptions {
  from: string;
  /** How long to wait for the TCP connection, in ms (default 10 s). */
  connectionTimeoutMs?: number;
  /** How long to wait for the server's greeting once connected, in ms (default 10 s). */
  greetingTimeoutMs?: number;
  /** How long the connection may stay idle, in ms (default 30 s). */
  socketTimeoutMs?: number;
}

/**
 * A mailer on an SMTP URL: `smtp://user:pass@host:587` (STARTTLS when offered), `smtps://host:465`,
 * or `smtp://127.0.0.1:2525` for the development sink. A server that does not answer fails the send
 * within the timeouts instead of holding the caller for minutes (nodemailer's defaults).
 */
export function createMailer(smtpUrl: string, options: MailerOptions): Mailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: options.connectionTimeoutMs ?? 10_000,
    greetingTimeout: options.greetingTimeoutMs ?? 10_000,
    socketTimeout: options.socketTimeoutMs ?? 30_000,
  });
  return {
    async send(mail) {
      const info = await transport.sendMail({
        from: options.from,
        to: mail.to,
        cc: mail.cc && mail.cc.length > 0 ? mail.cc : undefined,
        subject: mail.subject,
        text: mail.text,
        headers: mail.language ? { 'Content-Language': mail.language } : {},
        attachments: mail.attachments?.map((a) => ({
          filename: a.filename,
          content: Buffer.from(a.content),
          contentType: a.contentType,
        })),
      });
      return { messageId: info.messageId, accepted: info.accepted.map(String) };
    },
    close: () => transport.close(),
  };
}
