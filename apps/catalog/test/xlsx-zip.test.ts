import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { xlsxZipLimits, zipArchiveProblem, zipDirectoryProblem } from '../src/services/xlsx-zip.js';
import { buildZip, patchDeclaredSizes } from './support/zip.js';

const MB = 1024 * 1024;

async function smallWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Catalogue').addRow(['supplier_sku', 'name_fr']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('the ZIP check before a workbook is inflated', () => {
  it('lets a real workbook through', async () => {
    expect(zipArchiveProblem(await smallWorkbook())).toBeUndefined();
  });

  it('refuses a part declaring more than 20 MB once inflated, naming it', () => {
    const zip = buildZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(21 * MB, 0x20) }]);
    expect(zip.length).toBeLessThan(MB);
    expect(zipArchiveProblem(zip)).toEqual({
      kind: 'too_large',
      reason:
        'the workbook part xl/worksheets/sheet1.xml inflates to 21.0 MB; one part may hold at most 20.0 MB',
    });
  });

  it('refuses parts that together declare more than 60 MB', () => {
    const zip = buildZip(
      Array.from({ length: 4 }, (_, i) => ({ name: `xl/part${i}.xml`, data: Buffer.alloc(16 * MB, 0x20) })),
    );
    expect(zipArchiveProblem(zip)?.reason).toBe(
      'the workbook inflates to more than 60.0 MB (the upload limit applies to its content too)',
    );
  });

  it('refuses a real workbook whose directory declares huge sizes', async () => {
    const zip = patchDeclaredSizes(await smallWorkbook(), 0x7fffffff);
    expect(zipDirectoryProblem(zip).problem?.kind).toBe('too_large');
  });

  it('refuses ZIP64 entries and archives', () => {
    const entry = patchDeclaredSizes(buildZip([{ name: 'a.xml', data: Buffer.from('x') }]), 0xffffffff);
    expect(zipArchiveProblem(entry)?.reason).toContain('ZIP64');
    const archive = buildZip([{ name: 'a.xml', data: Buffer.from('x') }]);
    archive.writeUInt16LE(0xffff, archive.length - 12);
    expect(zipArchiveProblem(archive)).toMatchObject({
      kind: 'too_large',
      reason: expect.stringContaining('ZIP64'),
    });
  });

  it('refuses a part that inflates to more than it declares (a lying directory)', () => {
    const zip = buildZip([{ name: 'xl/styles.xml', data: Buffer.alloc(5 * MB, 0x20), declaredSize: 1024 }]);
    expect(zipDirectoryProblem(zip).problem).toBeUndefined();
    expect(zipArchiveProblem(zip)).toEqual({
      kind: 'too_large',
      reason: 'the workbook part xl/styles.xml inflates to more than the 1.0 KB it declares',
    });
  });

  it('refuses more parts than a workbook needs, and a ZIP without a directory', () => {
    const many = buildZip(
      Array.from({ length: xlsxZipLimits.maxEntries + 1 }, (_, i) => ({
        name: `p${i}`,
        data: Buffer.from('x'),
      })),
    );
    expect(zipArchiveProblem(many)?.reason).toBe(
      'the workbook holds 1001 parts; a catalog needs at most 1000',
    );
    const truncated = buildZip([{ name: 'a.xml', data: Buffer.from('x') }]).subarray(0, 40);
    expect(zipArchiveProblem(truncated)?.kind).toBe('unreadable');
  });
});
