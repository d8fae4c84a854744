import { expect, test } from '@playwright/test';
import { logIn } from './support.js';

/** A calendar day `days` from today in Paris (the company's day, by which publishing is judged). */
function parisDay(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** A calendar day as the French page writes it ('24 nov. 2026'). */
const frenchDay = (day: string) =>
  new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );

test('the administrator publishes CGA version 2 effective tomorrow and sees it listed beside version 1', async ({
  page,
}) => {
  page.on('dialog', (dialog) => void dialog.accept());
  await logIn(page, 'Antoine Lambert', '/administration');
  const section = page.getByTestId('terms-section');
  await expect(
    section.getByRole('heading', { level: 2, name: 'Conditions générales et annexes' }),
  ).toBeVisible();

  // The demo's terms: version 1 of the CGA and of each annex, in force, and the standard rules.
  const cga = section.locator('[data-testid="terms-document"][data-code="CGA"]');
  await expect(cga.getByRole('heading')).toContainText("Conditions générales d'achat (CGA)");
  await expect(cga.getByTestId('terms-version')).toHaveCount(1);
  await expect(cga.getByTestId('terms-version').first()).toContainText('En vigueur');
  await expect(cga.getByTestId('terms-version').first()).toContainText('Antoine Lambert');
  await expect(section.locator('[data-testid="terms-document"]')).toHaveCount(3);
  await expect(section.getByTestId('annex-rule')).toHaveCount(2);
  await expect(section.getByTestId('annex-rule-when').first()).toContainText(
    'une ligne de catégorie UNSPSC commençant par 43, 80',
  );

  // Version 2 starts from the text of version 1.
  const form = section.getByTestId('terms-version-form');
  await expect(form.getByTestId('terms-next-version')).toHaveValue('2');
  await form.getByRole('button', { name: 'Reprendre le titre et le texte de la version 1' }).click();
  await expect(form.getByLabel('Titre (français)')).toHaveValue("Conditions générales d'achat");
  await expect(form.getByLabel('Texte (anglais)')).toHaveValue(/General purchasing terms|Scope/);
  await form
    .getByLabel('Texte (français)')
    .fill(
      '1. Champ d’application. Les présentes CGA s’appliquent à toute commande.\n\n2. Prix. Les prix sont fermes.',
    );

  // A date in the past is refused by the service, shown under the date, and nothing is published.
  const date = form.getByLabel('En vigueur à partir du');
  await date.fill(parisDay(-1));
  await form.getByRole('button', { name: 'Publier la version 2' }).click();
  await expect(date).toHaveAttribute('aria-invalid', 'true');
  await expect(form.locator(`#${await date.getAttribute('aria-describedby')}`)).toContainText(
    `must not be before today, ${parisDay(0)}`,
  );
  await expect(cga.getByTestId('terms-version')).toHaveCount(1);

  // Tomorrow, it is published and listed above version 1, which stays in force until then.
  const tomorrow = parisDay(1);
  await date.fill(tomorrow);
  await form.getByRole('button', { name: 'Publier la version 2' }).click();
  await expect(form.getByRole('status')).toHaveText(
    `La version 2 de CGA est publiée ; elle s’applique aux commandes émises à partir du ${frenchDay(tomorrow)}.`,
  );
  const versions = cga.getByTestId('terms-version');
  await expect(versions).toHaveCount(2);
  await expect(versions.nth(0)).toHaveAttribute('data-version', '2');
  await expect(versions.nth(0)).toContainText(frenchDay(tomorrow));
  await expect(versions.nth(0)).toContainText('À venir');
  await expect(versions.nth(0)).toContainText('Antoine Lambert');
  await expect(versions.nth(1)).toHaveAttribute('data-version', '1');
  await expect(versions.nth(1)).toContainText('En vigueur');
  await expect(form.getByTestId('terms-next-version')).toHaveValue('3');

  // After a reload, both versions are still there.
  await page.reload();
  await expect(
    page.locator('[data-testid="terms-document"][data-code="CGA"] [data-testid="terms-version"]'),
  ).toHaveCount(2);
});

test('the administrator adds an annex rule, inactive, after the service points at the wrong category', async ({
  page,
}) => {
  await logIn(page, 'Antoine Lambert', '/administration');
  const rules = page.getByTestId('annex-rules');
  await expect(rules.getByTestId('annex-rule')).toHaveCount(2);
  await rules.getByRole('button', { name: 'Ajouter une règle' }).click();
  const form = rules.getByTestId('annex-rule-form');
  await form.getByLabel('Identifiant').fill('security-consulting');
  await form.getByLabel('Annexe jointe').selectOption('SECURITY');
  await form.getByLabel('Active dès sa création').uncheck();
  const categories = form.getByLabel('Catégories (débuts de codes UNSPSC)');
  await categories.fill('80, 8x');
  await form.getByLabel('intervention sur site').check();
  await form.getByLabel('Montant HT minimum').fill('5000');
  await form.getByRole('button', { name: 'Créer la règle' }).click();
  await expect(categories).toHaveAttribute('aria-invalid', 'true');
  await expect(rules.getByTestId('annex-rule')).toHaveCount(2);

  await categories.fill('80, 81');
  await form.getByRole('button', { name: 'Créer la règle' }).click();
  await expect(rules.getByRole('status')).toHaveText('La règle security-consulting est créée.');
  const added = rules.getByTestId('annex-rule').filter({ hasText: 'security-consulting' });
  await expect(added).toContainText('Désactivée');
  await expect(added.getByTestId('annex-rule-when')).toHaveText(
    /^une ligne de catégorie UNSPSC commençant par 80, 81 ; une ligne marquée « intervention sur site » ; montant HT d’au moins 5\s000,00\s€$/,
  );
  await expect(added).toContainText('version 1, par Antoine Lambert');
});
