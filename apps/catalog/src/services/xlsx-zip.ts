// An XLSX workbook is a ZIP archive, and a 10 MB archive can inflate to gigabytes (a "zip bomb").
// exceljs inflates every part in memory before anything can count rows, so the archive's own table
// of contents (the central directory) is read first, and the archive refused when it declares more
// than a catalog workbook ever needs — or when a part inflates to more than it declares.
import { inflateRawSync } from 'node:zlib';

export interface ZipLimits {
  /** Most bytes all entries may inflate to together. */
  maxTotalBytes: number;
  /** Most bytes one entry may inflate to. */
  maxEntryBytes: number;
  /** Most entries in the archive. */
  maxEntries: number;
}

/** Generous for 50,000 item rows (about 25 MB of sheet XML), far below what would hurt the service. */
export const xlsxZipLimits: ZipLimits = {
  maxTotalBytes: 60 * 1024 * 1024,
  maxEntryBytes: 20 * 1024 * 1024,
  maxEntries: 1_000,
};

/** Why an archive is refused: too large once inflated (413), or not a ZIP this reader understands (415). */
export type ZipProblem = { kind: 'too_large' | 'unreadable'; reason: string };

const eocdSignature = 0x06054b50;
const zip64LocatorSignature = 0x07064b50;
const centralEntrySignature = 0x02014b50;
const localHeaderSignature = 0x04034b50;
const eocdLength = 22;

const megabytes = (bytes: number) =>
  bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/** The End Of Central Directory record's offset: the last one, within the 64 KB comment allowance. */
function findEndOfCentralDirectory(bytes: Buffer): number | undefined {
  const lowest = Math.max(0, bytes.length - eocdLength - 0xffff);
  for (let at = bytes.length - eocdLength; at >= lowest; at -= 1)
    if (bytes.readUInt32LE(at) === eocdSignature) return at;
  return undefined;
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

/**
 * Reads the central directory of `bytes` and sums the sizes its entries declare, refusing ZIP64
 * archives (no catalog workbook needs them) and archives over `limits`. Pure: reads only `bytes`.
 */
export function zipDirectoryProblem(
  bytes: Buffer,
  limits: ZipLimits = xlsxZipLimits,
): { problem: ZipProblem; entries?: undefined } | { problem?: undefined; entries: ZipEntry[] } {
  const unreadable = (reason: string) => ({ problem: { kind: 'unreadable' as const, reason } });
  const tooLarge = (reason: string) => ({ problem: { kind: 'too_large' as const, reason } });
  if (bytes.length < eocdLength) return unreadable('the ZIP archive is truncated');
  const eocd = findEndOfCentralDirectory(bytes);
  if (eocd === undefined) return unreadable('the ZIP archive has no central directory (truncated?)');
  const entryCount = bytes.readUInt16LE(eocd + 10);
  const directorySize = bytes.readUInt32LE(eocd + 12);
  const directoryOffset = bytes.readUInt32LE(eocd + 16);
  const zip64 =
    (eocd >= 20 && bytes.readUInt32LE(eocd - 20) === zip64LocatorSignature) ||
    entryCount === 0xffff ||
    directorySize === 0xffffffff ||
    directoryOffset === 0xffffffff;
  if (zip64) return tooLarge('the workbook is a ZIP64 archive, made for contents over 4 GB');
  if (bytes.readUInt16LE(eocd + 4) !== 0 || bytes.readUInt16LE(eocd + 6) !== 0)
    return unreadable('the ZIP archive spans several disks');
  if (entryCount > limits.maxEntries)
    return tooLarge(`the workbook holds ${entryCount} parts; a catalog needs at most ${limits.maxEntries}`);
  if (directoryOffset + directorySize > eocd) return unreadable('the ZIP central directory is out of bounds');

  const entries: ZipEntry[] = [];
  let total = 0;
  let at = directoryOffset;
  for (let index = 0; index < entryCount; index += 1) {
    if (at + 46 > eocd || bytes.readUInt32LE(at) !== centralEntrySignature)
      return unreadable('the ZIP central directory is damaged');
    const nameLength = bytes.readUInt16LE(at + 28);
    const entry: ZipEntry = {
      name: bytes.toString('utf8', at + 46, Math.min(eocd, at + 46 + nameLength)),
      method: bytes.readUInt16LE(at + 10),
      compressedSize: bytes.readUInt32LE(at + 20),
      uncompressedSize: bytes.readUInt32LE(at + 24),
      localHeaderOffset: bytes.readUInt32LE(at + 42),
    };
    if (
      entry.compressedSize === 0xffffffff ||
      entry.uncompressedSize === 0xffffffff ||
      entry.localHeaderOffset === 0xffffffff
    )
      return tooLarge(`the workbook part ${entry.name} is a ZIP64 entry, made for contents over 4 GB`);
    if (entry.uncompressedSize > limits.maxEntryBytes)
      return tooLarge(
        `the workbook part ${entry.name} inflates to ${megabytes(entry.uncompressedSize)}; one part may hold at most ${megabytes(limits.maxEntryBytes)}`,
      );
    total += entry.uncompressedSize;
    if (total > limits.maxTotalBytes)
      return tooLarge(
        `the workbook inflates to more than ${megabytes(limits.maxTotalBytes)} (the upload limit applies to its content too)`,
      );
    entries.push(entry);
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return { entries };
}

/**
 * Checks an archive before anything inflates it whole: its directory within `limits`, then each
 * entry inflated to at most the size it declares (a lying directory cannot smuggle a bomb past the
 * first check). Undefined when the archive may be handed to a workbook reader.
 */
export function zipArchiveProblem(bytes: Buffer, limits: ZipLimits = xlsxZipLimits): ZipProblem | undefined {
  const directory = zipDirectoryProblem(bytes, limits);
  if (directory.problem) return directory.problem;
  for (const entry of directory.entries) {
    const header = entry.localHeaderOffset;
    if (header + 30 > bytes.length || bytes.readUInt32LE(header) !== localHeaderSignature)
      return { kind: 'unreadable', reason: `the ZIP entry ${entry.name} is damaged` };
    const start = header + 30 + bytes.readUInt16LE(header + 26) + bytes.readUInt16LE(header + 28);
    const data = bytes.subarray(start, start + entry.compressedSize);
    if (data.length !== entry.compressedSize)
      return { kind: 'unreadable', reason: `the ZIP entry ${entry.name} is truncated` };
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.uncompressedSize)
        return { kind: 'unreadable', reason: `the ZIP entry ${entry.name} is damaged` };
      continue;
    }
    if (entry.method !== 8)
      return { kind: 'unreadable', reason: `the ZIP entry ${entry.name} uses an unknown compression` };
    try {
      inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
    } catch (error) {
      if (error instanceof RangeError)
        return {
          kind: 'too_large',
          reason: `the workbook part ${entry.name} inflates to more than the ${megabytes(entry.uncompressedSize)} it declares`,
        };
      return { kind: 'unreadable', reason: `the ZIP entry ${entry.name} cannot be inflated` };
    }
  }
  return undefined;
}
