// Supplier e-invoices written for tests, benchmarks and browser tests (not for production), from one
// description of the invoice: UBL 2.1
// (Invoice or CreditNote), UN/CEFACT CII, a Factur-X PDF carrying the CII (built with pdfkit), a
// scanned PDF without XML, and the keyed-in JSON. Amounts are computed in cents, EN 16931 style:
// line amounts rounded, VAT once per rate on the sum of the lines.
import PDFDocument from 'pdfkit';

export interface Seller {
  readonly name: string;
  readonly vatNumber?: string;
  readonly siren?: string;
  readonly siret?: string;
  /** Electronic address (BT-34) with its scheme: 0225 for the French directory. */
  readonly endpoint?: { readonly scheme: string; readonly value: string };
}

export interface LineSpec {
  readonly id: string;
  readonly name: string;
  readonly quantity: string;
  readonly unit: string;
  /** Net price, 2 decimals at most. */
  readonly price: string;
  readonly rate: string;
  /** The line's own order reference (French CIUS: several orders on one invoice). */
  readonly order?: string;
  /** BT-132, the order line's number. */
  readonly orderLine?: string;
  readonly item?: string;
}

export interface InvoiceSpec {
  readonly kind?: 'invoice' | 'credit_note';
  readonly number: string;
  readonly issueDate: string;
  readonly dueDate?: string;
  readonly seller: Seller;
  /** BT-13, the order for the whole invoice. */
  readonly order?: string;
  readonly lines: readonly LineSpec[];
  readonly iban?: string;
  /** Replaces the stated payable amount (to break BR-CO-16). */
  readonly payableOverride?: string;
}

export const buyer = { name: 'Altiva SAS', vatNumber: 'FR25834567893', siren: '834567893' };

const cents = (decimal: string) => {
  const [whole = '0', fraction = ''] = decimal.split('.');
  const sign = whole.startsWith('-') ? -1 : 1;
  return sign * (Math.abs(Number(whole)) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2)));
};
const amount = (value: number) => {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
};
/** Half away from zero, as EN 16931 rounds. */
const round = (value: number) => Math.sign(value) * Math.round(Math.abs(value));

/** The figures of an invoice: each line's net amount, the VAT per rate, the totals. */
export function figuresOf(spec: InvoiceSpec) {
  const lines = spec.lines.map((line) => ({
    ...line,
    net: round(Number(line.quantity) * cents(line.price)),
  }));
  const rates = [...new Set(lines.map((l) => l.rate))];
  const vat = rates.map((rate) => {
    const taxable = lines.filter((l) => l.rate === rate).reduce((total, l) => total + l.net, 0);
    return { rate, taxable, tax: round((taxable * Number(rate)) / 100) };
  });
  const net = lines.reduce((total, l) => total + l.net, 0);
  const tax = vat.reduce((total, v) => total + v.tax, 0);
  return {
    lines: lines.map((l) => ({ ...l, netAmount: amount(l.net) })),
    vat: vat.map((v) => ({ rate: v.rate, taxable: amount(v.taxable), tax: amount(v.tax) })),
    net: amount(net),
    tax: amount(tax),
    gross: amount(net + tax),
    payable: spec.payableOverride ?? amount(net + tax),
  };
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function ublParty(party: Seller | typeof buyer, role: 'seller' | 'buyer'): string {
  const seller = role === 'seller' ? (party as Seller) : undefined;
  return `<cac:Party>
      ${seller?.endpoint ? `<cbc:EndpointID schemeID="${seller.endpoint.scheme}">${seller.endpoint.value}</cbc:EndpointID>` : ''}
      ${seller?.siret ? `<cac:PartyIdentification><cbc:ID schemeID="0009">${seller.siret}</cbc:ID></cac:PartyIdentification>` : ''}
      <cac:PostalAddress>
        <cbc:StreetName>1 rue de la Paix</cbc:StreetName><cbc:CityName>Paris</cbc:CityName><cbc:PostalZone>75002</cbc:PostalZone>
        <cac:Country><cbc:IdentificationCode>FR</cbc:IdentificationCode></cac:Country>
      </cac:PostalAddress>
      ${party.vatNumber ? `<cac:PartyTaxScheme><cbc:CompanyID>${party.vatNumber}</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>` : ''}
      <cac:PartyLegalEntity>
        <cbc:RegistrationName>${escapeXml(party.name)}</cbc:RegistrationName>
        ${party.siren ? `<cbc:CompanyID schemeID="0002">${party.siren}</cbc:CompanyID>` : ''}
      </cac:PartyLegalEntity>
    </cac:Party>`;
}

const taxCategory = (rate: string, element = 'cac:ClassifiedTaxCategory') =>
  `<${element}><cbc:ID>S</cbc:ID><cbc:Percent>${rate}</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></${element}>`;

/** A UBL 2.1 Invoice, or CreditNote for kind credit_note. */
export function ublDocument(spec: InvoiceSpec): string {
  const credit = spec.kind === 'credit_note';
  const root = credit ? 'CreditNote' : 'Invoice';
  const lineElement = credit ? 'CreditNoteLine' : 'InvoiceLine';
  const quantityElement = credit ? 'CreditedQuantity' : 'InvoicedQuantity';
  const f = figuresOf(spec);
  return `<?xml version="1.0" encoding="UTF-8"?>
<${root} xmlns="urn:oasis:names:specification:ubl:schema:xsd:${root}-2"
    xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
    xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>
  <cbc:ID>${spec.number}</cbc:ID>
  <cbc:IssueDate>${spec.issueDate}</cbc:IssueDate>
  ${spec.dueDate && !credit ? `<cbc:DueDate>${spec.dueDate}</cbc:DueDate>` : ''}
  <cbc:${root}TypeCode>${credit ? '381' : '380'}</cbc:${root}TypeCode>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  ${spec.order ? `<cac:OrderReference><cbc:ID>${spec.order}</cbc:ID></cac:OrderReference>` : ''}
  <cac:AccountingSupplierParty>${ublParty(spec.seller, 'seller')}</cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty>${ublParty(buyer, 'buyer')}</cac:AccountingCustomerParty>
  <cac:PaymentMeans>
    <cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>
    <cac:PayeeFinancialAccount><cbc:ID>${spec.iban ?? 'FR7630006000011234567890189'}</cbc:ID></cac:PayeeFinancialAccount>
  </cac:PaymentMeans>
  <cac:PaymentTerms><cbc:Note>Paiement à 45 jours</cbc:Note></cac:PaymentTerms>
  <cac:TaxTotal>
    <cbc:TaxAmount currencyID="EUR">${f.tax}</cbc:TaxAmount>
    ${f.vat
      .map(
        (v) => `<cac:TaxSubtotal>
      <cbc:TaxableAmount currencyID="EUR">${v.taxable}</cbc:TaxableAmount>
      <cbc:TaxAmount currencyID="EUR">${v.tax}</cbc:TaxAmount>
      ${taxCategory(v.rate, 'cac:TaxCategory')}
    </cac:TaxSubtotal>`,
      )
      .join('\n    ')}
  </cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="EUR">${f.net}</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="EUR">${f.net}</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="EUR">${f.gross}</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="EUR">${f.payable}</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
  ${f.lines
    .map(
      (l) => `<cac:${lineElement}>
    <cbc:ID>${l.id}</cbc:ID>
    <cbc:${quantityElement} unitCode="${l.unit}">${l.quantity}</cbc:${quantityElement}>
    <cbc:LineExtensionAmount currencyID="EUR">${l.netAmount}</cbc:LineExtensionAmount>
    ${
      l.order || l.orderLine
        ? `<cac:OrderLineReference><cbc:LineID>${l.orderLine ?? 'NA'}</cbc:LineID>${l.order ? `<cac:OrderReference><cbc:ID>${l.order}</cbc:ID></cac:OrderReference>` : ''}</cac:OrderLineReference>`
        : ''
    }
    <cac:Item>
      <cbc:Name>${escapeXml(l.name)}</cbc:Name>
      ${l.item ? `<cac:SellersItemIdentification><cbc:ID>${l.item}</cbc:ID></cac:SellersItemIdentification>` : ''}
      ${taxCategory(l.rate)}
    </cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="EUR">${l.price}</cbc:PriceAmount></cac:Price>
  </cac:${lineElement}>`,
    )
    .join('\n  ')}
</${root}>`;
}

const ciiDate = (date: string) =>
  `<udt:DateTimeString format="102">${date.replace(/-/g, '')}</udt:DateTimeString>`;

function ciiParty(element: string, party: Seller | typeof buyer): string {
  const seller = party as Seller;
  return `<ram:${element}>
        ${seller.siret ? `<ram:GlobalID schemeID="0009">${seller.siret}</ram:GlobalID>` : ''}
        <ram:Name>${escapeXml(party.name)}</ram:Name>
        ${party.siren ? `<ram:SpecifiedLegalOrganization><ram:ID schemeID="0002">${party.siren}</ram:ID></ram:SpecifiedLegalOrganization>` : ''}
        <ram:PostalTradeAddress><ram:PostcodeCode>69002</ram:PostcodeCode><ram:LineOne>12 rue des Écoles</ram:LineOne><ram:CityName>Lyon</ram:CityName><ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress>
        ${seller.endpoint ? `<ram:URIUniversalCommunication><ram:URIID schemeID="${seller.endpoint.scheme}">${seller.endpoint.value}</ram:URIID></ram:URIUniversalCommunication>` : ''}
        ${party.vatNumber ? `<ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">${party.vatNumber}</ram:ID></ram:SpecifiedTaxRegistration>` : ''}
      </ram:${element}>`;
}

/** A UN/CEFACT CII invoice (Factur-X EN 16931 profile), lines referring to their orders. */
export function ciiDocument(spec: InvoiceSpec): string {
  const f = figuresOf(spec);
  const lines = f.lines
    .map(
      (l) => `
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:AssociatedDocumentLineDocument><ram:LineID>${l.id}</ram:LineID></ram:AssociatedDocumentLineDocument>
      <ram:SpecifiedTradeProduct>${l.item ? `<ram:SellerAssignedID>${l.item}</ram:SellerAssignedID>` : ''}<ram:Name>${escapeXml(l.name)}</ram:Name></ram:SpecifiedTradeProduct>
      <ram:SpecifiedLineTradeAgreement>
        ${l.order ? `<ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>${l.order}</ram:IssuerAssignedID>${l.orderLine ? `<ram:LineID>${l.orderLine}</ram:LineID>` : ''}</ram:BuyerOrderReferencedDocument>` : ''}
        <ram:NetPriceProductTradePrice><ram:ChargeAmount>${l.price}</ram:ChargeAmount></ram:NetPriceProductTradePrice>
      </ram:SpecifiedLineTradeAgreement>
      <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="${l.unit}">${l.quantity}</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
      <ram:SpecifiedLineTradeSettlement>
        <ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>${l.rate}</ram:RateApplicablePercent></ram:ApplicableTradeTax>
        <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>${l.netAmount}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
      </ram:SpecifiedLineTradeSettlement>
    </ram:IncludedSupplyChainTradeLineItem>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
    xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
    xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocumentContext>
    <ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
  </rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument>
    <ram:ID>${spec.number}</ram:ID>
    <ram:TypeCode>${spec.kind === 'credit_note' ? '381' : '380'}</ram:TypeCode>
    <ram:IssueDateTime>${ciiDate(spec.issueDate)}</ram:IssueDateTime>
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>${lines}
    <ram:ApplicableHeaderTradeAgreement>
      ${ciiParty('SellerTradeParty', spec.seller)}
      ${ciiParty('BuyerTradeParty', buyer)}
      ${spec.order ? `<ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>${spec.order}</ram:IssuerAssignedID></ram:BuyerOrderReferencedDocument>` : ''}
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeDelivery/>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradeSettlementPaymentMeans>
        <ram:TypeCode>58</ram:TypeCode>
        <ram:PayeePartyCreditorFinancialAccount><ram:IBANID>${spec.iban ?? 'FR76 3000 6000 0112 3456 7890 189'}</ram:IBANID></ram:PayeePartyCreditorFinancialAccount>
      </ram:SpecifiedTradeSettlementPaymentMeans>
      ${f.vat
        .map(
          (v) => `<ram:ApplicableTradeTax>
        <ram:CalculatedAmount>${v.tax}</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode>
        <ram:BasisAmount>${v.taxable}</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode>
        <ram:RateApplicablePercent>${v.rate}</ram:RateApplicablePercent>
      </ram:ApplicableTradeTax>`,
        )
        .join('\n      ')}
      <ram:SpecifiedTradePaymentTerms>
        <ram:Description>Paiement à 45 jours</ram:Description>
        ${spec.dueDate ? `<ram:DueDateDateTime>${ciiDate(spec.dueDate)}</ram:DueDateDateTime>` : ''}
      </ram:SpecifiedTradePaymentTerms>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:LineTotalAmount>${f.net}</ram:LineTotalAmount>
        <ram:TaxBasisTotalAmount>${f.net}</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">${f.tax}</ram:TaxTotalAmount>
        <ram:GrandTotalAmount>${f.gross}</ram:GrandTotalAmount>
        <ram:DuePayableAmount>${f.payable}</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>`;
}

/** The invoice as accounts payable keys it in (ZKeyedInvoice of @procura/einvoice). */
export function keyedInvoice(spec: InvoiceSpec) {
  const f = figuresOf(spec);
  const party = (p: Seller | typeof buyer) => {
    const seller = p as Seller;
    return {
      name: p.name,
      identifiers: seller.siret ? [{ id: seller.siret, scheme: '0009' }] : [],
      ...(p.siren ? { legalRegistration: { id: p.siren, scheme: '0002' } } : {}),
      ...(p.vatNumber ? { vatNumber: p.vatNumber } : {}),
      ...(seller.endpoint ? { electronicAddress: seller.endpoint } : {}),
      postalAddress: { lines: ['1 rue de la Paix'], city: 'Paris', postalCode: '75002', countryCode: 'FR' },
    };
  };
  return {
    kind: spec.kind ?? 'invoice',
    specificationId: 'urn:cen.eu:en16931:2017',
    number: spec.number,
    issueDate: spec.issueDate,
    typeCode: spec.kind === 'credit_note' ? '381' : '380',
    currency: 'EUR',
    ...(spec.dueDate ? { dueDate: spec.dueDate } : {}),
    ...(spec.order ? { purchaseOrderReference: spec.order } : {}),
    seller: party(spec.seller),
    buyer: party(buyer),
    paymentTerms: 'Paiement à 45 jours',
    paymentMeans: [
      { typeCode: '58', creditTransfers: [{ accountId: spec.iban ?? 'FR7630006000011234567890189' }] },
    ],
    vatBreakdown: f.vat.map((v) => ({
      category: 'S',
      rate: v.rate,
      taxableAmount: v.taxable,
      taxAmount: v.tax,
    })),
    totals: {
      lineNetTotal: f.net,
      taxExclusiveTotal: f.net,
      vatTotal: f.tax,
      taxInclusiveTotal: f.gross,
      payableAmount: f.payable,
    },
    lines: f.lines.map((l) => ({
      id: l.id,
      ...(l.order ? { orderReference: l.order } : {}),
      ...(l.orderLine ? { orderLineId: l.orderLine } : {}),
      quantity: l.quantity,
      unitCode: l.unit,
      netAmount: l.netAmount,
      netPrice: l.price,
      vatCategory: 'S',
      vatRate: l.rate,
      itemName: l.name,
      ...(l.item ? { sellerItemId: l.item } : {}),
    })),
  };
}

/** A one-page PDF with these files attached: a Factur-X invoice with factur-x.xml, or a scan with none. */
export function pdfWithAttachments(
  attachments: readonly { name: string; content: string }[],
): Promise<Buffer> {
  const document = new PDFDocument({ size: 'A4', info: { CreationDate: new Date('2026-11-02T00:00:00Z') } });
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => document.on('end', () => resolve(Buffer.concat(chunks))));
  document.text('Facture — Papeterie Martin SAS');
  for (const attachment of attachments)
    document.file(Buffer.from(attachment.content), {
      name: attachment.name,
      type: 'text/xml',
      description: attachment.name,
    });
  document.end();
  return done;
}

export const facturX = (spec: InvoiceSpec) =>
  pdfWithAttachments([{ name: 'factur-x.xml', content: ciiDocument(spec) }]);
