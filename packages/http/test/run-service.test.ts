import { request } from 'node:http';
import express from 'express';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { runService } from '../src/index.js';

const logger = pino({ level: 'silent' });

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('graceful shutdown', () => {
  it('finishes the request in flight, refuses new connections, then releases resources', async () => {
    const app = express();
    let released = false;
    app.get('/slow', (_req, res) => {
      setTimeout(() => res.send('finished'), 300);
    });
    const service = await runService({
      app,
      port: 0,
      host: '127.0.0.1',
      logger,
      onShutdown: async () => {
        released = true;
      },
    });

    const inFlight = get(`${service.url}/slow`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stopped = service.shutdown();
    expect(released).toBe(false);

    await expect(get(`${service.url}/slow`)).rejects.toThrow(/ECONNREFUSED/);
    expect(await inFlight).toEqual({ status: 200, body: 'finished' });
    await stopped;
    expect(released).toBe(true);
  });
});
