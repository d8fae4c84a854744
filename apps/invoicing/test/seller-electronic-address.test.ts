// An invoice's seller recognised by the e-invoicing address catalog approved for the supplier (a
// Peppol endpoint), when none of the seller's numbers is known: the address travels with the
// supplier's ordering details (catalog.supplier.ordering-details) into invoicing's copy.

import { ublDocument } from '@procura/einvoice/samples';
import { describe, expect, it } from 'vitest';
import { accountant, intakeTestbed } from './support/intake.js';

const bed = intakeTestbed();
/** A Danish supplier catalog knows by name and GLN endpoint only. */
const nordisk = {
  supplierId: 'b1000000-0000-4000-8000-0000000000d1',
  name: 'Nordisk Kontor ApS',
  vatNumber: null,
  siren: null,
  siret: null,
  electronicAddress: { scheme: '0088', value: '5790000435951' },
};

describe('seller identification by electronic address', () => {
  it("finds the supplier by its own endpoint, under the endpoint's scheme only", async () => {
    await bed.announceSupplier(nordisk);
    const invoice = (number: string, scheme: string) =>
      ublDocument({
        number,
        issueDate: '2026-11-10',
        seller: {
          name: 'Nordisk Kontor ApS',
          vatNumber: 'DK13585628',
          endpoint: { scheme, value: '5790000435951' },
        },
        lines: [{ id: '1', name: 'Kuglepenne', quantity: '10', unit: 'C62', price: '2.00', rate: '20' }],
      });

    const known = await bed.upload(accountant, invoice('DK-2026-001', '0088'), 'application/xml');
    expect(known.status, JSON.stringify(known.body)).toBe(201);
    expect(known.body.supplier).toMatchObject({ id: nordisk.supplierId });

    // The same digits under another scheme are another address: not this supplier.
    const other = await bed.upload(accountant, invoice('DK-2026-002', '0060'), 'application/xml');
    expect(other.status).toBe(201);
    expect(other.body.supplier).toBeNull();
    expect(other.body.intakeReasons).toEqual(['unknown_supplier']);
  });
});
