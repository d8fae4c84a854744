// The public routes: a supplier's signed link reaches purchasing through the gateway without a
// session, and without any cookie or credential the browser happens to send; nothing else is public.
import type { AddressInfo } from 'node:net';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicProxy } from '../src/routes/public-proxy.js';

const seen: { url: string; headers: Record<string, unknown> }[] = [];
let purchasing: ReturnType<ReturnType<typeof express>['listen']>;
let gateway: ReturnType<typeof express>;

beforeAll(async () => {
  const service = express();
  service.use((req, res) => {
    seen.push({ url: req.originalUrl, headers: req.headers });
    res.json({ answered: true });
  });
  purchasing = await new Promise((resolve) => {
    const server = service.listen(0, '127.0.0.1', () => resolve(server));
  });
  gateway = express();
  gateway.use(
    '/public/v1',
    publicProxy({
      services: { purchasing: `http://127.0.0.1:${(purchasing.address() as AddressInfo).port}` },
    }),
  );
  gateway.use((_req, res) => res.status(404).json({ code: 'route_not_found' }));
});
afterAll(() => new Promise<void>((resolve) => purchasing.close(() => resolve())));

describe('public routes', () => {
  it('forward a supplier link to purchasing, without cookies or credentials', async () => {
    const answer = await request(gateway)
      .post('/public/v1/purchasing/supplier-orders/abc.1.sig')
      .set('cookie', 'procura.sid=secret')
      .set('authorization', 'Bearer token')
      .send({ decision: 'acknowledge' });
    expect(answer.status).toBe(200);
    expect(seen.at(-1)?.url).toBe('/public/v1/supplier-orders/abc.1.sig');
    expect(seen.at(-1)?.headers.cookie).toBeUndefined();
    expect(seen.at(-1)?.headers.authorization).toBeUndefined();
  });

  it('leave every other path alone', async () => {
    const before = seen.length;
    expect((await request(gateway).get('/public/v1/purchasing/purchase-orders')).status).toBe(404);
    expect((await request(gateway).get('/public/v1/catalog/items')).status).toBe(404);
    expect(seen.length).toBe(before);
  });

  it('answer 502 with a problem when purchasing is down', async () => {
    const down = express();
    down.use('/public/v1', publicProxy({ services: { purchasing: 'http://127.0.0.1:9' } }));
    const answer = await request(down).get('/public/v1/purchasing/supplier-orders/x.1.y');
    expect(answer.status).toBe(502);
    expect(answer.body.code).toBe('service_unavailable');
  });
});
