import { type ComplianceDocumentType, complianceDocumentTypes } from '@procura/domain';

/** The reminder sent to the supplier's compliance contact (copy to its buyer), in the supplier's language. */
export function complianceReminderMail(input: {
  language: 'fr' | 'en';
  supplierName: string;
  documentType: ComplianceDocumentType;
  expiresOn: string;
  daysLeft: number;
  buyerName: string | null;
}): { subject: string; text: string } {
  const label = complianceDocumentTypes[input.documentType].label[input.language];
  const [year, month, day] = input.expiresOn.split('-');
  if (input.language === 'fr') {
    const date = `${day}/${month}/${year}`;
    return {
      subject: `${input.supplierName} : ${label} à renouveler avant le ${date}`,
      text: [
        'Bonjour,',
        '',
        `Le document « ${label} » que nous détenons pour ${input.supplierName} expire le ${date}` +
          ` (dans ${input.daysLeft} jour${input.daysLeft > 1 ? 's' : ''}).`,
        'Merci de nous transmettre un document à jour avant cette date, afin que nos commandes puissent se poursuivre.',
        '',
        input.buyerName ? `Votre acheteur : ${input.buyerName}` : '',
        'Ce message est envoyé automatiquement par Procura.',
      ]
        .filter((line, i, all) => line !== '' || all[i - 1] !== '')
        .join('\n'),
    };
  }
  const date = `${year}-${month}-${day}`;
  return {
    subject: `${input.supplierName}: ${label} to renew before ${date}`,
    text: [
      'Hello,',
      '',
      `The "${label}" we hold for ${input.supplierName} expires on ${date}` +
        ` (in ${input.daysLeft} day${input.daysLeft === 1 ? '' : 's'}).`,
      'Please send us an up-to-date document before then, so that our orders can continue.',
      '',
      input.buyerName ? `Your buyer: ${input.buyerName}` : '',
      'This message was sent automatically by Procura.',
    ]
      .filter((line, i, all) => line !== '' || all[i - 1] !== '')
      .join('\n'),
  };
}
