export const fr = {
  app: { name: 'Procura', tagline: 'Achats' },
  nav: { catalog: 'Catalogue' },
  header: { language: 'Langue', roles: 'Rôles' },
  roles: {
    employee: 'Collaborateur',
    manager: 'Manager',
    buyer: 'Acheteur',
    accountant: 'Comptable',
    administrator: 'Administrateur',
    auditor: 'Auditeur',
  },
  catalog: {
    title: 'Catalogue',
    searchLabel: 'Rechercher un article',
    searchPlaceholder: 'Papier, écran, ménage…',
    results_one: '{{count}} article',
    results_other: '{{count}} articles',
    noResults: 'Aucun article ne correspond à « {{q}} ».',
    supplier: 'Fournisseur',
    sku: 'Réf.',
    unitPrice: 'Prix unitaire HT',
    perUnit: '/ {{unit}}',
    vat: 'TVA {{rate}} %',
    leadTime_one: 'Livré en {{count}} jour',
    leadTime_other: 'Livré en {{count}} jours',
    minimum: 'Minimum {{count}}',
    previous: 'Précédent',
    next: 'Suivant',
    page: 'Page {{page}} sur {{pages}}',
  },
  errors: {
    loadFailed: 'Le chargement a échoué : {{detail}}',
    unauthenticated: 'Vous n’êtes pas connecté.',
  },
  loading: 'Chargement…',
};

export type Messages = typeof fr;
