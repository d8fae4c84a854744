import { describe, expect, it } from 'vitest';
import { safeReturnPath } from '../src/routes/return-path.js';

describe('where the browser may be sent back after login', () => {
  it('keeps a local path with its query and fragment', () => {
    expect(safeReturnPath('/catalog?q=papier#top')).toBe('/catalog?q=papier#top');
  });

  it('refuses anything a browser could read as another host', () => {
    for (const value of [
      '//evil.example',
      '/\\evil.example',
      'https://evil.example',
      'evil.example',
      '/\t/evil.example',
      '',
      42,
    ]) {
      expect(safeReturnPath(value)).toBeUndefined();
    }
  });

  it('normalises dot segments without leaving the site', () => {
    expect(safeReturnPath('/a/../../b')).toBe('/b');
  });
});
