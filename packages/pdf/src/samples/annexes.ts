import type { TermsVersion } from '@procura/domain';

const confidentiality = {
  fr: `
1. Informations confidentielles. Sont confidentielles toutes les informations, de quelque nature et sous quelque forme que ce soit, communiquées par l'Acheteur au Fournisseur ou dont le Fournisseur a connaissance à l'occasion de la commande : données techniques, commerciales, financières, informations relatives au personnel, aux clients et aux systèmes d'information de l'Acheteur.

2. Obligations du Fournisseur. Le Fournisseur s'engage à ne divulguer les informations confidentielles qu'aux seuls membres de son personnel qui en ont besoin pour exécuter la commande, après les avoir informés de leur caractère confidentiel ; à ne pas les copier au-delà de ce que l'exécution exige ; à les protéger avec au moins le même soin que ses propres informations confidentielles.

3. Durée. Ces obligations s'appliquent pendant toute la durée de la commande et pendant cinq (5) ans après son terme. À la fin de la commande, le Fournisseur restitue ou détruit, au choix de l'Acheteur, les informations confidentielles et en atteste par écrit.
`,
  en: `
1. Confidential information. All information of any kind and in any form that the Buyer discloses to the Supplier, or that the Supplier learns in performing the order, is confidential: technical, commercial and financial data, and information about the Buyer's staff, customers and information systems.

2. Supplier's obligations. The Supplier discloses confidential information only to those of its staff who need it to perform the order, after informing them of its confidential nature; copies it no further than performance requires; and protects it with at least the care it gives its own confidential information.

3. Term. These obligations apply throughout the order and for five (5) years after it ends. When the order ends, the Supplier returns or destroys the confidential information, as the Buyer chooses, and confirms it in writing.
`,
};

const security = {
  fr: `
1. Accès aux sites. Le personnel du Fournisseur intervenant dans les locaux de l'Acheteur respecte le règlement intérieur, les consignes d'hygiène et de sécurité et les règles d'accès du site. Un plan de prévention est établi avant toute intervention lorsque la réglementation l'exige (articles R4512-6 et suivants du Code du travail).

2. Accès aux systèmes d'information. Les accès aux systèmes d'information de l'Acheteur sont nominatifs, limités à ce que la commande exige et retirés à son terme. Le Fournisseur applique la politique de sécurité des systèmes d'information de l'Acheteur, n'installe aucun logiciel sans autorisation et signale sans délai tout incident de sécurité.

3. Contrôle. L'Acheteur peut vérifier le respect de la présente annexe, le cas échéant par un audit sur pièces ou sur place, moyennant un préavis raisonnable.
`,
  en: `
1. Site access. The Supplier's staff working on the Buyer's premises follow the site's rules, health and safety instructions and access procedures. A prevention plan is drawn up before any work where the regulations require one (articles R4512-6 and following of the French Labour Code).

2. Access to information systems. Access to the Buyer's information systems is personal, limited to what the order requires and withdrawn when it ends. The Supplier applies the Buyer's information security policy, installs no software without authorisation and reports any security incident without delay.

3. Audit. The Buyer may check compliance with this annex, by a document review or an on-site audit if need be, on reasonable notice.
`,
};

/** Versions of the confidentiality and security annexes, to try and measure documents with. */
export function sampleAnnexVersions(): TermsVersion[] {
  return [
    {
      code: 'CONFIDENTIALITY',
      version: 2,
      effectiveOn: '2026-03-01',
      title: { fr: 'Engagement de confidentialité', en: 'Confidentiality undertaking' },
      text: confidentiality,
    },
    {
      code: 'SECURITY',
      version: 1,
      effectiveOn: '2026-01-01',
      title: { fr: 'Sécurité des sites et des systèmes', en: 'Site and systems security' },
      text: security,
    },
  ];
}
