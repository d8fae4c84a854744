import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../src/index.js';
import { type SmtpSink, startSmtpSink } from '../src/smtp-sink.js';

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink({ httpPort: 0 });
});
afterAll(() => sink.stop());

describe('mailer and SMTP sink', () => {
  it('delivers a message over SMTP with its envelope, headers and UTF-8 text', async () => {
    const mailer = createMailer(sink.url, { from: 'Procura <no-reply@procura.example>' });
    await mailer.send({
      to: ['isabelle.fontaine@lemaire-bureau.example'],
      cc: ['sophie.garnier@altiva.example'],
      subject: 'Attestation de vigilance : échéance dans 7 jours',
      text: 'Bonjour,\nvotre attestation expire le 30/11/2026.',
      language: 'fr',
    });
    mailer.close();
    const [mail] = await sink.waitForMessages(1);
    expect(mail).toMatchObject({
      envelope: {
        from: 'no-reply@procura.example',
        to: ['isabelle.fontaine@lemaire-bureau.example', 'sophie.garnier@altiva.example'],
      },
      from: 'no-reply@procura.example',
      to: ['isabelle.fontaine@lemaire-bureau.example'],
      cc: ['sophie.garnier@altiva.example'],
      subject: 'Attestation de vigilance : échéance dans 7 jours',
      language: 'fr',
    });
    expect(mail?.text).toContain('expire le 30/11/2026');
  });

  it('lists what it received over HTTP', async () => {
    const response = await fetch(sink.httpUrl ?? '');
    const body = (await response.json()) as { messages: { subject: string }[] };
    expect(body.messages.map((m) => m.subject)).toContain('Attestation de vigilance : échéance dans 7 jours');
  });

  it('rejects a send when nothing listens', async () => {
    const mailer = createMailer('smtp://127.0.0.1:1', { from: 'no-reply@procura.example' });
    await expect(mailer.send({ to: ['a@b.example'], subject: 'x', text: 'x' })).rejects.toThrow();
    mailer.close();
  });

  it('gives up on a server that accepts the connection but never greets, within the greeting timeout', async () => {
    const silent = createServer(() => {}); // accepts, says nothing
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const mailer = createMailer(`smtp://127.0.0.1:${port}`, {
      from: 'no-reply@procura.example',
      greetingTimeoutMs: 300,
    });
    const started = Date.now();
    await expect(mailer.send({ to: ['a@b.example'], subject: 'x', text: 'x' })).rejects.toThrow(/greeting/i);
    expect(Date.now() - started).toBeLessThan(5_000);
    mailer.close();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('does not carry the SMTP sink in its main entry', async () => {
    expect(Object.keys(await import('../src/index.js'))).toEqual(['createMailer']);
  });
});
