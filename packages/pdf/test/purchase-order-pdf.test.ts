import {
  annexSubjectOf,
  buildPurchaseOrderDocument,
  type DocumentLanguage,
  isDomainError,
  type PurchaseOrderDocument,
  type PurchaseOrderInput,
  selectAnnexes,
  standardAnnexRules,
  type TermsVersion,
  termsInForce,
} from '@procura/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkTermsFitBackPage, pdfSha256, renderPurchaseOrderPdf, termsTypeSizes } from '../src/index.js';
import { sampleAnnexVersions, sampleGeneralTerms, samplePurchaseOrder } from '../src/samples/index.js';
import { pdfObjects, readPdfPages, withoutSpaces } from '../src/testing/pdf-reader.js';

/** Issues an order as the purchasing service will: the CGA and the annexes in force that day. */
function issue(input: PurchaseOrderInput, cgaVersions: readonly TermsVersion[] = [sampleGeneralTerms()]) {
  const annexes = selectAnnexes(
    { rules: standardAnnexRules, annexVersions: sampleAnnexVersions() },
    annexSubjectOf(input),
  );
  return buildPurchaseOrderDocument(input, {
    generalTerms: termsInForce(cgaVersions, input.issuedAt),
    annexes: annexes.map((selected) => selected.annex),
  });
}

interface Rendered {
  readonly order: PurchaseOrderDocument;
  readonly pdf: Buffer;
  readonly pages: string[];
}

async function rendered(input: PurchaseOrderInput): Promise<Rendered> {
  const order = issue(input);
  const pdf = await renderPurchaseOrderPdf(order);
  return { order, pdf, pages: await readPdfPages(pdf) };
}

const termsOf = (language: DocumentLanguage) => withoutSpaces(sampleGeneralTerms().text[language]);

describe('a 20-line order to a French supplier', () => {
  let french: Rendered;
  beforeAll(async () => {
    french = await rendered(samplePurchaseOrder(20, 'fr'));
  });

  it('flows onto two front pages, each followed by a back page, then the two annexes: six pages', () => {
    expect(french.pages).toHaveLength(6);
    expect(french.pages[0]).toContain('Page 1 sur 2');
    expect(french.pages[2]).toContain('Page 2 sur 2');
    expect(french.pages[2]).toContain('BON DE COMMANDE PO-2026-000123 (suite)');
  });

  it('shows the letterhead, the legal mentions, the addresses, the delivery date and the payment terms', () => {
    const first = french.pages[0] ?? '';
    for (const text of [
      'BON DE COMMANDE',
      'N° PO-2026-000123',
      `Date : 23 novembre 2026`,
      `SAS au capital de 1 500 000,00 EUR`,
      'RCS Paris 732 829 320',
      'SIRET 732 829 320 00074',
      'TVA FR44732829320',
      'Lemaire Bureau Distribution',
      'ADRESSE DE LIVRAISON Altiva SAS — Site de Nantes, quai 2 3 boulevard Léon Bureau 44200 Nantes',
      'ADRESSE DE FACTURATION Altiva SAS — Comptabilité fournisseurs 12 rue de la Paix CS 40021 75002 Paris',
      'DATE DE LIVRAISON 4 décembre 2026',
      'Paiement à 45 jours fin de mois',
      "Conditions générales d'achat au verso",
    ]) {
      expect(first, text).toContain(text);
    }
  });

  it('lists every line with its reference, quantity, unit, unit price, VAT rate and rounded amount', () => {
    const fronts = `${french.pages[0]} ${french.pages[2]}`;
    for (const line of french.order.lines) expect(fronts).toContain(line.reference);
    expect(french.pages[0]).toContain(
      `LAP-14-PRO-05 Ordinateur portable 14 pouces, 16 Go de mémoire, SSD 512 Go, garantie 3 ans sur site 4 pièce 1 129,00 20 % 4 516,00`,
    );
    expect(french.pages[0]).toContain(`12,5 heure 75,00 20 % 937,50`);
    expect(french.pages[0]).toContain(`2 pièce 38,00 5,5 % 76,00`);
  });

  it('totals per VAT rate and in all, from the rounded lines', () => {
    const totals = french.pages[2] ?? '';
    expect(totals).toContain(`20 % 15 553,70 3 110,74`);
    expect(totals).toContain(`5,5 % 152,00 8,36`);
    expect(totals).toContain(`Total HT 15 705,70 EUR`);
    expect(totals).toContain(`Total TVA 3 119,10 EUR`);
    expect(totals).toContain(`Total TTC 18 824,80 EUR`);
  });

  it('tells the supplier to quote the order number and where to send e-invoices', () => {
    expect(french.pages[2]).toContain(
      'Indiquez impérativement le numéro de commande PO-2026-000123 sur votre facture.',
    );
    expect(french.pages[2]).toContain(
      "à l'adresse de facturation électronique 0009:73282932000074 (plateforme Procura PDP)",
    );
  });

  it('prints the whole French CGA, with its version, on the back of every front page', () => {
    for (const [index, back] of [french.pages[1] ?? '', french.pages[3] ?? ''].entries()) {
      expect(back).toContain("Conditions générales d'achat");
      expect(back).toContain('version 3 du 1er janvier 2026');
      expect(back).toContain(`verso de la page ${index + 1} sur 2`);
      expect(withoutSpaces(back)).toContain(termsOf('fr'));
      expect(withoutSpaces(back)).not.toContain(termsOf('en'));
    }
  });

  it('adds the annexes the rules select, each headed with its title and version, in French', () => {
    expect(french.pages[4]).toContain('Annexe 1 — Engagement de confidentialité version 2 du 1er mars 2026');
    expect(french.pages[5]).toContain(
      'Annexe 2 — Sécurité des sites et des systèmes version 1 du 1er janvier 2026',
    );
    const [confidentiality, security] = sampleAnnexVersions();
    expect(withoutSpaces(french.pages[4] ?? '')).toContain(withoutSpaces(confidentiality?.text.fr ?? '-'));
    expect(withoutSpaces(french.pages[5] ?? '')).toContain(withoutSpaces(security?.text.fr ?? '-'));
  });

  it('renders the same bytes, and so the same SHA-256, every time', async () => {
    const again = await renderPurchaseOrderPdf(issue(samplePurchaseOrder(20, 'fr')));
    expect(again.equals(french.pdf)).toBe(true);
    expect(pdfSha256(again)).toBe(pdfSha256(french.pdf));
    expect(pdfSha256(again)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('embeds every font it uses: subsets of DejaVu Sans Condensed, no standard font', () => {
    const objects = pdfObjects(french.pdf);
    const fonts = [...objects.values()].filter((object) => /\/Type \/Font\b/.test(object.dictionary));
    expect(fonts.map((font) => /\/Subtype \/(\w+)/.exec(font.dictionary)?.[1]).sort()).toEqual([
      'CIDFontType2',
      'CIDFontType2',
      'Type0',
      'Type0',
    ]);
    const descriptors = [...objects.values()].filter((object) =>
      /\/Type \/FontDescriptor/.test(object.dictionary),
    );
    expect(descriptors.map((d) => /\/FontName \/[A-Z]{6}\+([\w-]+)/.exec(d.dictionary)?.[1]).sort()).toEqual([
      'DejaVuSansCondensed',
      'DejaVuSansCondensed-Bold',
    ]);
    for (const descriptor of descriptors) {
      const fontFile = Number(/\/FontFile2 (\d+) 0 R/.exec(descriptor.dictionary)?.[1]);
      expect(objects.get(fontFile)?.streamLength).toBeGreaterThan(5_000);
    }
    expect(Buffer.from(french.pdf).toString('latin1')).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier)/);
  });
});

describe('an order to an English supplier', () => {
  let english: Rendered;
  beforeAll(async () => {
    english = await rendered(samplePurchaseOrder(20, 'en'));
  });

  it('is in English, front and back, with page x of y', () => {
    expect(english.pages[0]).toContain('PURCHASE ORDER');
    expect(english.pages[0]).toContain('No. PO-2026-000123');
    expect(english.pages[0]).toContain('Date: 23 November 2026');
    expect(english.pages[0]).toContain('Manchester United Kingdom');
    expect(english.pages[0]).toContain('Payment at 45 days end of month');
    expect(english.pages[0]).toContain('Page 1 of 2');
    expect(english.pages[0]).toContain('4 piece 1,129.00 20% 4,516.00');
    expect(english.pages[2]).toContain('Page 2 of 2');
    expect(english.pages[2]).toContain('Total including VAT 18,824.80 EUR');
    expect(english.pages[2]).toContain('Quote the purchase order number PO-2026-000123 on your invoice.');
  });

  it('prints the English terms on every back page, never the French ones', () => {
    for (const back of [english.pages[1] ?? '', english.pages[3] ?? '']) {
      expect(back).toContain('General purchasing terms');
      expect(back).toContain('version 3 of 1 January 2026');
      expect(withoutSpaces(back)).toContain(termsOf('en'));
      expect(withoutSpaces(back)).not.toContain(termsOf('fr'));
    }
  });

  it('adds the annexes in English', () => {
    expect(english.pages[4]).toContain('Annex 1 — Confidentiality undertaking version 2 of 1 March 2026');
    expect(english.pages[5]).toContain('Annex 2 — Site and systems security version 1 of 1 January 2026');
  });
});

describe('a long order', () => {
  it('repeats the table header on each front page, with the terms behind each one', async () => {
    const { order, pages } = await rendered(samplePurchaseOrder(60, 'fr'));
    const fronts = pages.filter(
      (_, index) => index % 2 === 0 && pages[index + 1]?.includes('verso de la page'),
    );
    expect(fronts.length).toBeGreaterThanOrEqual(3);
    fronts.forEach((front, index) => {
      expect(front).toContain(`Page ${index + 1} sur ${fronts.length}`);
    });
    for (const front of fronts.slice(0, -1))
      expect(front).toContain('N° Référence Désignation Qté Unité PU HT TVA Montant HT');
    for (const line of order.lines) {
      expect(fronts.filter((front) => front.includes(` ${line.reference} `))).toHaveLength(1);
    }
    const backs = pages.filter((page) => page.includes('verso de la page'));
    expect(backs).toHaveLength(fronts.length);
    for (const back of backs) expect(withoutSpaces(back)).toContain(termsOf('fr'));
  });

  it('puts no annex after an order of office supplies only', async () => {
    const supplies = samplePurchaseOrder(4, 'fr');
    const { pages } = await rendered(supplies);
    expect(pages).toHaveLength(2);
    expect(pages[0]).toContain('Page 1 sur 1');
  });
});

describe('an old order rendered again', () => {
  it('gives the same document after a new CGA version is published, since it carries the versions it was issued with', async () => {
    const input = samplePurchaseOrder(20, 'fr');
    const issued = issue(input);
    const stored = pdfSha256(await renderPurchaseOrderPdf(issued));

    const published = [
      sampleGeneralTerms(),
      { ...sampleGeneralTerms(4, '2027-01-01'), text: { fr: 'Nouvelles CGA.', en: 'New terms.' } },
    ];
    const recorded = issued.terms;
    expect(termsInForce(published, new Date('2027-02-01T10:00:00Z')).version).toBe(4);
    const reRendered = await renderPurchaseOrderPdf(buildPurchaseOrderDocument(input, recorded));
    expect(pdfSha256(reRendered)).toBe(stored);

    const laterOrder = { ...input, number: 'PO-2027-000001', issuedAt: new Date('2027-02-01T10:00:00Z') };
    const later = await readPdfPages(await renderPurchaseOrderPdf(issue(laterOrder, published)));
    expect(later[1]).toContain('version 4 du 1er janvier 2027');
    expect(later[1]).toContain('Nouvelles CGA.');
  });

  it('shows its revision number', async () => {
    const { pages } = await rendered({ ...samplePurchaseOrder(3, 'fr'), revision: 2 });
    expect(pages[0]).toContain('N° PO-2026-000123 Révision 2');
  });
});

describe('checkTermsFitBackPage', () => {
  const repeated = (times: number): TermsVersion => {
    const terms = sampleGeneralTerms();
    return {
      ...terms,
      text: { fr: terms.text.fr.repeat(times), en: terms.text.en.repeat(times) },
    };
  };

  it('fits the sample terms at the largest size, and longer terms at a smaller readable size', () => {
    expect(checkTermsFitBackPage(sampleGeneralTerms())).toEqual({
      fr: termsTypeSizes.largest,
      en: termsTypeSizes.largest,
    });
    const longer = checkTermsFitBackPage(repeated(2));
    for (const size of Object.values(longer)) {
      expect(size).toBeLessThan(termsTypeSizes.largest);
      expect(size).toBeGreaterThanOrEqual(termsTypeSizes.smallest);
    }
  });

  it('refuses terms too long for one page at the smallest size with terms_too_long, naming each language', () => {
    let thrown: unknown;
    try {
      checkTermsFitBackPage(repeated(4));
    } catch (error) {
      thrown = error;
    }
    expect(isDomainError(thrown, 'terms_too_long')).toBe(true);
    expect(isDomainError(thrown) && thrown.details).toEqual([
      { field: 'text.fr', reason: expect.stringContaining('smallest readable size') },
      { field: 'text.en', reason: expect.stringContaining('smallest readable size') },
    ]);
  });

  it('refuses to render an order whose terms do not fit, rather than cut them short', async () => {
    const input = samplePurchaseOrder(2, 'fr');
    const order = buildPurchaseOrderDocument(input, { generalTerms: repeated(4), annexes: [] });
    await expect(renderPurchaseOrderPdf(order)).rejects.toMatchObject({ code: 'terms_too_long' });
  });
});
