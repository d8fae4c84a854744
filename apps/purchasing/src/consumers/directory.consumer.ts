import type { PurchasingDatabase } from '@procura/db';
import { consumeEvents, type EventHandlers } from '@procura/events';
import type { ServiceParts } from '@procura/runtime';
import {
  recordDirectoryCostCentre,
  recordDirectoryEntity,
  recordDirectoryUser,
} from '../repositories/directory.repository.js';

export const directoryHandlers: EventHandlers<PurchasingDatabase, 'purchasing.directory'> = {
  'identity.user.changed': (trx, event) => recordDirectoryUser(trx, event.payload, event.id),
  'identity.cost-centre.changed': (trx, event) => recordDirectoryCostCentre(trx, event.payload, event.id),
  'identity.entity.changed': (trx, event) => recordDirectoryEntity(trx, event.payload, event.id),
};

export async function consumeDirectoryEvents({
  bus,
  db,
  logger,
}: ServiceParts<PurchasingDatabase>): Promise<void> {
  await consumeEvents({
    bus,
    db,
    schema: 'purchasing',
    queue: 'purchasing.directory',
    handlers: directoryHandlers,
    logger,
  });
}
