import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { create, type Font, type GlyphRun } from 'fontkit';

/**
 * The typefaces every Procura document embeds: DejaVu Sans Condensed, regular and bold, from the
 * pinned `dejavu-fonts-ttf` package (Bitstream Vera licence, which allows embedding). Condensed,
 * so the lines table and the terms in small type keep a readable size. No system font is used.
 */
export const documentFontFiles = {
  regular: 'DejaVuSansCondensed.ttf',
  bold: 'DejaVuSansCondensed-Bold.ttf',
} as const;

export type DocumentFont = keyof typeof documentFontFiles;

/** Past this many distinct words, the kept layouts of a font start afresh (memory stays bounded). */
const maxKeptLayouts = 20_000;

/**
 * `font` with its layouts kept across documents. pdfkit shapes each word once per document (the
 * OpenType kerning and ligature lookups, most of the rendering time); the same words come back in
 * every order (the terms, the labels), so they are shaped once per process. pdfkit scales the
 * positions of a run in place, so each caller gets its own copy of them. Shaping depends on the text
 * only, so the output is the same bytes as without the cache.
 */
function withKeptLayouts(font: Font): Font {
  const layouts = new Map<string, GlyphRun>();
  const kept: Font = Object.create(font);
  kept.layout = (text: string, features?: unknown) => {
    if (features !== undefined) return font.layout(text, features as string[]);
    let run = layouts.get(text);
    if (!run) {
      if (layouts.size >= maxKeptLayouts) layouts.clear();
      run = font.layout(text);
      layouts.set(text, run);
    }
    const copy: GlyphRun = Object.create(Object.getPrototypeOf(run));
    return Object.assign(copy, run, {
      positions: run.positions.map((position) =>
        Object.assign(Object.create(Object.getPrototypeOf(position)), position),
      ),
    });
  };
  return kept;
}

let loaded: Record<DocumentFont, Font> | undefined;

/** The fonts, read and parsed once per process. */
export function documentFonts(): Record<DocumentFont, Font> {
  if (!loaded) {
    const directory = join(
      dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')),
      'ttf',
    );
    const open = (file: string) => withKeptLayouts(create(readFileSync(join(directory, file))) as Font);
    loaded = { regular: open(documentFontFiles.regular), bold: open(documentFontFiles.bold) };
  }
  return loaded;
}
