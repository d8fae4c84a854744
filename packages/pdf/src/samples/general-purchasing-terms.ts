import type { TermsVersion } from '@procura/domain';

const french = `
1. Champ d'application. Les présentes conditions générales d'achat (CGA) s'appliquent à toute commande de fournitures, de matériels, de logiciels ou de prestations de services passée par l'entité acheteuse désignée au recto (l'« Acheteur ») auprès du fournisseur (le « Fournisseur »). Elles prévalent sur les conditions générales de vente du Fournisseur, sauf dérogation écrite et signée par un représentant habilité de l'Acheteur. Les conditions particulières figurant au recto du bon de commande et dans ses annexes prévalent sur les présentes CGA.

2. Formation du contrat. Le contrat est formé par l'acceptation du bon de commande par le Fournisseur. Cette acceptation résulte de l'accusé de réception adressé par le Fournisseur ou, à défaut, du commencement d'exécution de la commande. Toute modification de la commande fait l'objet d'une révision numérotée émise par l'Acheteur ; aucune modification verbale n'engage l'Acheteur.

3. Prix. Les prix sont fermes et non révisables. Ils s'entendent hors taxes, pour des fournitures livrées à l'adresse de livraison indiquée, emballage, transport, assurance et droits compris (Incoterms DDP), et pour des prestations entièrement exécutées, frais de déplacement compris, sauf mention contraire au recto.

4. Livraison. Les délais de livraison ou d'exécution indiqués au recto sont impératifs. Toute livraison est accompagnée d'un bon de livraison rappelant le numéro de commande, les références et les quantités livrées. Les livraisons partielles ne sont admises qu'avec l'accord préalable de l'Acheteur. Le Fournisseur informe l'Acheteur sans délai de tout retard prévisible et des mesures prises pour y remédier.

5. Pénalités de retard. Sauf stipulation contraire, tout retard de livraison ou d'exécution non imputable à l'Acheteur donne lieu, de plein droit et sans mise en demeure préalable, à une pénalité égale à un pour cent (1 %) du montant hors taxes de la commande par jour calendaire de retard, plafonnée à quinze pour cent (15 %) de ce montant. Ces pénalités ne sont pas libératoires : l'Acheteur conserve le droit de résilier la commande et de demander réparation de son entier préjudice.

6. Réception et conformité. La signature du bon de livraison ne vaut que prise en charge matérielle. La réception n'intervient qu'après vérification de la conformité des fournitures ou des prestations à la commande, aux spécifications et aux règles de l'art. L'Acheteur dispose d'un délai de quinze (15) jours ouvrés pour formuler ses réserves. Les fournitures non conformes sont reprises par le Fournisseur à ses frais et remplacées dans les meilleurs délais.

7. Transfert de propriété et des risques. Le transfert de propriété intervient à la livraison ; le transfert des risques intervient à la réception sans réserve. Toute clause de réserve de propriété du Fournisseur est inopposable à l'Acheteur.

8. Garantie. Le Fournisseur garantit que les fournitures et prestations sont conformes à la commande, exemptes de vices de conception, de matière et de fabrication, et propres à l'usage auquel elles sont destinées. Cette garantie court pendant vingt-quatre (24) mois à compter de la réception, sans préjudice des garanties légales. Pendant cette période, le Fournisseur répare ou remplace à ses frais, pièces, main-d'œuvre et déplacement compris, tout élément défectueux.

9. Facturation et paiement. Chaque facture rappelle le numéro de commande, le numéro de ligne, les quantités et les prix unitaires. Les factures sont transmises sous forme électronique à l'adresse de facturation électronique indiquée au recto, conformément à la réglementation en vigueur ; toute facture incomplète est retournée au Fournisseur. Le paiement intervient dans le délai indiqué au recto, dans la limite des délais prévus à l'article L441-10 du Code de commerce. En cas de retard de paiement, des pénalités sont dues au taux d'intérêt appliqué par la Banque centrale européenne majoré de dix points, ainsi que l'indemnité forfaitaire pour frais de recouvrement de quarante euros (40 €).

10. Responsabilité et assurances. Le Fournisseur est responsable de tout dommage causé à l'Acheteur ou aux tiers à l'occasion de l'exécution de la commande. Il justifie, à première demande, d'une assurance de responsabilité civile professionnelle auprès d'une compagnie notoirement solvable, pour des montants adaptés aux risques de la commande.

11. Propriété intellectuelle. Le Fournisseur garantit l'Acheteur contre toute action en contrefaçon relative aux fournitures, logiciels ou livrables. Les livrables créés spécifiquement pour l'Acheteur deviennent sa propriété au fur et à mesure de leur réalisation, le prix de la commande incluant la cession des droits patrimoniaux correspondants pour le monde entier et pour la durée légale des droits.

12. Confidentialité et données personnelles. Le Fournisseur garde confidentielles les informations communiquées par l'Acheteur et ne les utilise que pour exécuter la commande. Lorsqu'il traite des données à caractère personnel pour le compte de l'Acheteur, il le fait conformément au règlement (UE) 2016/679 et aux instructions écrites de l'Acheteur.

13. Conformité et éthique. Le Fournisseur respecte la réglementation applicable, notamment en matière de droit du travail, de lutte contre le travail dissimulé (articles L8222-1 et suivants du Code du travail), de lutte contre la corruption, de protection de l'environnement et de devoir de vigilance. Il remet, sur demande, les attestations sociales et fiscales exigées par la loi.

14. Sous-traitance et cession. Le Fournisseur ne peut sous-traiter ni céder tout ou partie de la commande sans l'accord écrit préalable de l'Acheteur. Il demeure seul responsable de l'exécution de la commande à l'égard de l'Acheteur.

15. Résiliation. En cas de manquement du Fournisseur à l'une de ses obligations, non réparé dans un délai de quinze (15) jours après mise en demeure par lettre recommandée avec accusé de réception, l'Acheteur peut résilier la commande de plein droit, sans préjudice de tous dommages et intérêts.

16. Droit applicable et juridiction. La commande est régie par le droit français, à l'exclusion de la Convention de Vienne sur la vente internationale de marchandises. Tout litige relatif à sa formation, son exécution ou son interprétation, à défaut de règlement amiable, relève de la compétence exclusive des tribunaux du siège social de l'Acheteur.
`;

const english = `
1. Scope. These general purchasing terms (the "Terms") apply to every order for supplies, equipment, software or services placed by the buying entity named overleaf (the "Buyer") with the supplier (the "Supplier"). They prevail over the Supplier's general terms of sale unless a derogation is agreed in writing and signed by an authorised representative of the Buyer. The particular conditions overleaf and in the annexes to the purchase order prevail over these Terms.

2. Formation of the contract. The contract is formed when the Supplier accepts the purchase order, by its acknowledgement or, failing that, by starting to perform the order. Any change to the order is made by a numbered revision issued by the Buyer; no verbal change binds the Buyer.

3. Prices. Prices are firm and not subject to revision. They are exclusive of VAT, for supplies delivered to the delivery address stated, packaging, transport, insurance and duties included (Incoterms DDP), and for services fully performed, travel expenses included, unless stated otherwise overleaf.

4. Delivery. The delivery or performance dates stated overleaf are of the essence. Each delivery comes with a delivery note stating the purchase order number, the references and the quantities delivered. Partial deliveries are accepted only with the Buyer's prior consent. The Supplier informs the Buyer without delay of any foreseeable delay and of the measures taken to remedy it.

5. Late delivery. Unless agreed otherwise, any delay in delivery or performance not caused by the Buyer entitles the Buyer, automatically and without prior notice, to liquidated damages of one per cent (1%) of the order's net amount per calendar day of delay, capped at fifteen per cent (15%) of that amount. These damages are not in full settlement: the Buyer keeps the right to terminate the order and to claim compensation for its whole loss.

6. Acceptance and conformity. Signing a delivery note only acknowledges physical receipt. Acceptance takes place once the supplies or services have been checked against the order, the specifications and good industry practice. The Buyer has fifteen (15) working days to raise reservations. Non-conforming supplies are taken back by the Supplier at its own cost and replaced as soon as possible.

7. Transfer of title and risk. Title passes on delivery; risk passes on acceptance without reservation. Any retention of title clause of the Supplier is not enforceable against the Buyer.

8. Warranty. The Supplier warrants that the supplies and services conform to the order, are free from defects in design, materials and workmanship, and are fit for their intended purpose. This warranty runs for twenty-four (24) months from acceptance, without prejudice to statutory warranties. During that period the Supplier repairs or replaces any defective item at its own cost, parts, labour and travel included.

9. Invoicing and payment. Each invoice states the purchase order number, the line numbers, the quantities and the unit prices. Invoices are sent in electronic form to the electronic invoicing address stated overleaf, as the regulations in force require; an incomplete invoice is returned to the Supplier. Payment is made within the period stated overleaf, within the limits of article L441-10 of the French Commercial Code. Late payment bears interest at the rate applied by the European Central Bank plus ten points, together with the fixed recovery indemnity of forty euros (EUR 40).

10. Liability and insurance. The Supplier is liable for any damage caused to the Buyer or to third parties in performing the order. On first request it provides evidence of professional liability insurance with a reputable insurer, for amounts suited to the risks of the order.

11. Intellectual property. The Supplier indemnifies the Buyer against any infringement claim relating to the supplies, software or deliverables. Deliverables created specifically for the Buyer become its property as they are produced, the price of the order including the assignment of the corresponding economic rights worldwide and for the full legal term of those rights.

12. Confidentiality and personal data. The Supplier keeps confidential the information the Buyer discloses and uses it only to perform the order. Where it processes personal data on behalf of the Buyer, it does so in accordance with Regulation (EU) 2016/679 and with the Buyer's written instructions.

13. Compliance and ethics. The Supplier complies with the applicable law, in particular on employment, undeclared work (articles L8222-1 and following of the French Labour Code), anti-corruption, environmental protection and the duty of vigilance. On request it provides the social security and tax certificates the law requires.

14. Subcontracting and assignment. The Supplier may not subcontract or assign all or part of the order without the Buyer's prior written consent. It remains solely responsible to the Buyer for the performance of the order.

15. Termination. If the Supplier fails to perform any of its obligations and does not remedy the failure within fifteen (15) days of formal notice by registered letter with acknowledgement of receipt, the Buyer may terminate the order as of right, without prejudice to any damages.

16. Governing law and jurisdiction. The order is governed by French law, excluding the Vienna Convention on the International Sale of Goods. Any dispute over its formation, performance or interpretation that cannot be settled amicably falls within the exclusive jurisdiction of the courts of the Buyer's registered office.
`;

/** A complete version of general purchasing terms in French and English, to try and measure documents with. */
export function sampleGeneralTerms(version = 3, effectiveOn = '2026-01-01'): TermsVersion {
  return {
    code: 'CGA',
    version,
    effectiveOn,
    title: { fr: "Conditions générales d'achat", en: 'General purchasing terms' },
    text: { fr: french, en: english },
  };
}
