// A real SMTP server that accepts every message and keeps it, parsed: tests assert on what went
// over the wire, and `npm start` lists what Procura sent (nothing leaves the machine).
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** The SMTP envelope: what the client said in MAIL FROM and RCPT TO. */
  envelope: { from: string; to: string[] };
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  language: string | null;
  /** Attached files with their bytes (the HTTP listing gives their names, types and sizes only). */
  attachments: { filename: string; contentType: string; size: number; content: Buffer }[];
  receivedAt: string;
}

export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>`, for `createMailer`. */
  url: string;
  port: number;
  /** Where the messages are listed as JSON, when an HTTP port was asked for. */
  httpUrl: string | null;
  readonly messages: readonly ReceivedMail[];
  /** Resolves once at least `count` messages arrived (rejects after `timeoutMs`). */
  waitForMessages(count: number, timeoutMs?: number): Promise<readonly ReceivedMail[]>;
  clear(): void;
  stop(): Promise<void>;
}

export interface SmtpSinkOptions {
  host?: string;
  /** 0 (default): a free port. */
  port?: number;
  /** Also list the messages as JSON over HTTP on this port (0: a free one). */
  httpPort?: number;
  onMessage?(mail: ReceivedMail): void;
}

const addresses = (value: unknown): string[] => {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((a: { value?: { address?: string }[] }) =>
    (a.value ?? []).map((v) => v.address ?? '').filter(Boolean),
  );
};

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const host = options.host ?? '127.0.0.1';
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 20 * 1024 * 1024,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const mail: ReceivedMail = {
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
            },
            from: addresses(parsed.from)[0] ?? '',
            to: addresses(parsed.to),
            cc: addresses(parsed.cc),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            language: (parsed.headers.get('content-language') as string | undefined) ?? null,
            attachments: parsed.attachments.map((a) => ({
              filename: a.filename ?? '',
              contentType: a.contentType,
              size: a.size,
              content: a.content,
            })),
            receivedAt: new Date().toISOString(),
          };
          messages.push(mail);
          options.onMessage?.(mail);
          for (const wake of waiters) wake();
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  let http: HttpServer | undefined;
  let httpUrl: string | null = null;
  if (options.httpPort !== undefined) {
    const listing = createHttpServer((_req, res) => {
      res.setHeader('content-type', 'application/json; charset=utf-8');
      const listed = messages.map((m) => ({
        ...m,
        attachments: m.attachments.map(({ content: _content, ...file }) => file),
      }));
      res.end(JSON.stringify({ messages: listed }, null, 2));
    });
    http = listing;
    await new Promise<void>((resolve, reject) => {
      listing.once('error', reject);
      listing.listen(options.httpPort, host, () => resolve());
    });
    httpUrl = `http://${host}:${(listing.address() as AddressInfo).port}/`;
  }

  return {
    url: `smtp://${host}:${port}`,
    port,
    httpUrl,
    messages,
    waitForMessages(count, timeoutMs = 10_000) {
      if (messages.length >= count) return Promise.resolve(messages);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`the SMTP sink received ${messages.length} of ${count} messages in time`));
        }, timeoutMs);
        const check = () => {
          if (messages.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(messages);
        };
        waiters.add(check);
      });
    },
    clear() {
      messages.length = 0;
    },
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (http) await new Promise<void>((resolve) => http?.close(() => resolve()));
    },
  };
}
