// Order e-mails on the Postgres job queue: a scheduled run sends what is due (first sends and the
// retries whose delay has passed), and issuing an order wakes it at once. The rows themselves are
// the outbox: a run that dies leaves them queued for the next.
import type { EventBus } from '@procura/events';
import { type DispatchDeps, runDueDispatches } from '../services/order-dispatch.service.js';

export const orderDispatchQueue = 'purchasing.order-dispatch';

export async function startOrderDispatchJob(
  deps: DispatchDeps & { bus: EventBus; cron: string },
): Promise<void> {
  const { bus } = deps;
  if (!(await bus.getQueue(orderDispatchQueue)))
    await bus.createQueue(orderDispatchQueue, {
      name: orderDispatchQueue,
      // One run at a time is enough: each claims its rows with SKIP LOCKED anyway.
      policy: 'singleton',
      retryLimit: 3,
      retryDelay: 30,
      expireInSeconds: 10 * 60,
    });
  await bus.schedule(orderDispatchQueue, deps.cron, {}, { tz: 'Europe/Paris' });
  await bus.work(orderDispatchQueue, { pollingIntervalSeconds: 1 }, async () => {
    await runDueDispatches(deps, new Date());
  });
}
