import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoCatalogImportSample } from './catalog-import-sample.js';

describe('the sample catalog import file', () => {
  it('is kept in samples/ exactly as the code builds it (regenerate the file when the demo catalog changes)', () => {
    const file = readFileSync(
      new URL(`../samples/${demoCatalogImportSample.fileName}`, import.meta.url),
      'utf8',
    );
    expect(file).toBe(demoCatalogImportSample.csv);
  });
});
