import { createTestDatabase } from '@procura/db/testing';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { consumerQueues, startEventBus } from '../src/index.js';

const logger = pino({ level: 'silent' });

describe('event bus topology', () => {
  it('lets several services start together on a fresh database', { timeout: 60_000 }, async () => {
    for (let round = 0; round < 3; round++) {
      const database = await createTestDatabase();
      try {
        const buses = await Promise.all(
          Array.from({ length: 4 }, () => startEventBus({ connectionString: database.url, logger })),
        );
        for (const queue of Object.keys(consumerQueues)) expect(await buses[0]?.getQueue(queue)).toBeTruthy();
        await Promise.all(buses.map((bus) => bus.stop({ graceful: false, wait: true })));
      } finally {
        await database.drop();
      }
    }
  });
});
