import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Cart,
  type CartLine,
  type CostCentre,
  cartPath,
  createRequisition,
  getJson,
  type ItemDetail,
  itemPath,
  myCostCentresPath,
  removeCartLine,
} from '../api.js';
import { describedBy, FieldError, LoadStatus, ProblemAlert } from '../components/Problem.js';
import { RefusalAlert } from '../components/Refusal.js';
import { formatDecimal, formatMoney } from '../format.js';
import { type Navigate, requestPagePath } from '../navigation.js';
import {
  buildRequisitionBody,
  categoryOf,
  emptyRequestForm,
  type RequestForm,
  requestableLines,
  sortRequestErrors,
} from '../requisitions.js';
import { useAction } from '../use-action.js';
import { useApiData } from '../use-api-data.js';

/** The categories of the cart's catalog items, which the cart itself does not tell. */
function useItemCategories(lines: readonly CartLine[]): Record<string, string> {
  const [categories, setCategories] = useState<Record<string, string>>({});
  const ids = [...new Set(lines.flatMap((line) => (line.item ? [line.item.id] : [])))].sort().join(',');
  useEffect(() => {
    if (!ids) return;
    const controller = new AbortController();
    Promise.all(ids.split(',').map((id) => getJson<ItemDetail>(itemPath(id), controller.signal)))
      .then((items) => setCategories(Object.fromEntries(items.map((i) => [i.id, i.categoryCode]))))
      .catch(() => undefined);
    return () => controller.abort();
  }, [ids]);
  return categories;
}

/** The cart becomes a purchase request: charged to a cost centre, saved as a draft to check and submit. */
export function RequestFormPage({
  navigate,
  onCart,
  ordersDirectly,
}: {
  navigate: Navigate;
  onCart: (cart: Cart) => void;
  /** A buyer may make it a direct order, issued as soon as it is approved. */
  ordersDirectly: boolean;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const id = useId();
  const cart = useApiData<Cart>(cartPath);
  const costCentres = useApiData<{ costCentres: CostCentre[] }>(myCostCentresPath);
  const lines = requestableLines(cart.data?.lines ?? []);
  const itemCategories = useItemCategories(lines);
  const [form, setForm] = useState<RequestForm>(emptyRequestForm);
  // One key per filled form: a double click, or a retry after a lost answer, creates one request.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const action = useAction();
  const { byField, byLine, other } = sortRequestErrors(action.problem?.errors ?? []);
  const money = (a: { amount: string; currency: string }) => formatMoney(a.amount, a.currency, language);
  const nameOf = (line: CartLine) => line.item?.name[language] ?? line.freeText?.description ?? '';
  const total = cart.data?.totals.find((x) => x.currency === 'EUR')?.netAmount;

  // The only cost centre open to the person is chosen for them.
  const only = costCentres.data?.costCentres.length === 1 ? costCentres.data.costCentres[0] : undefined;
  useEffect(() => {
    if (only) setForm((f) => (f.costCentreId ? f : { ...f, costCentreId: only.costCentreId }));
  }, [only]);

  const set =
    (field: 'title' | 'justification' | 'costCentreId' | 'budgetCategory' | 'wishedDate') =>
    (event: { target: { value: string } }) =>
      setForm((f) => ({ ...f, [field]: event.target.value }));

  /** Saves the cart as a draft; the request's page then shows the approval chain and budget before submitting. */
  function save(andCheck: boolean) {
    void action.run(andCheck ? 'check' : 'draft', async () => {
      const created = await createRequisition(buildRequisitionBody(form, lines, itemCategories), key);
      setKey(crypto.randomUUID());
      await takeOutOfCart(lines, onCart);
      navigate(requestPagePath(created.id), {
        notice: t(andCheck ? 'requests.createdToCheck' : 'requests.created', { number: created.number }),
      });
    });
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    save(submitter?.getAttribute('value') === 'check');
  }

  const excluded = (cart.data?.lines.length ?? 0) - lines.length;
  return (
    <section aria-labelledby={`${id}-title`} className="page">
      <h1 id={`${id}-title`}>{t('requests.newTitle')}</h1>
      <p className="intro">{t('requests.newIntro')}</p>
      {!cart.data ? (
        <LoadStatus error={cart.error} />
      ) : lines.length === 0 ? (
        <p className="muted">{t('requests.emptyCart')}</p>
      ) : (
        <form className="panel form" onSubmit={submit} aria-labelledby={`${id}-title`}>
          <div className="fields">
            <div className="field">
              <label htmlFor={`${id}-request-title`}>{t('requests.requestTitle')}</label>
              <input
                id={`${id}-request-title`}
                value={form.title}
                required
                minLength={3}
                maxLength={200}
                onChange={set('title')}
                {...describedBy(`${id}-request-title-error`, byField.title)}
              />
              <FieldError id={`${id}-request-title-error`} reasons={byField.title} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-justification`}>{t('requests.justification')}</label>
              <textarea
                id={`${id}-justification`}
                value={form.justification}
                maxLength={4000}
                rows={3}
                onChange={set('justification')}
                {...describedBy(`${id}-justification-error`, byField.justification)}
              />
              <FieldError id={`${id}-justification-error`} reasons={byField.justification} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-cost-centre`}>{t('requests.costCentre')}</label>
              <select
                id={`${id}-cost-centre`}
                value={form.costCentreId}
                required
                onChange={set('costCentreId')}
                {...describedBy(`${id}-cost-centre-error`, byField.costCentreId)}
              >
                <option value="">{costCentres.data ? t('requests.chooseCostCentre') : t('loading')}</option>
                {costCentres.data?.costCentres.map((c) => (
                  <option key={c.costCentreId} value={c.costCentreId}>
                    {c.code} — {c.name[language]} {c.managed ? t('requests.managed') : ''}
                  </option>
                ))}
              </select>
              <FieldError id={`${id}-cost-centre-error`} reasons={byField.costCentreId} />
              {costCentres.data?.costCentres.length === 0 && (
                <p className="muted">{t('requests.noCostCentre')}</p>
              )}
              {costCentres.error && <LoadStatus error={costCentres.error} />}
            </div>
            <div className="field">
              <label htmlFor={`${id}-budget`}>{t('requests.budgetCategory')}</label>
              <input
                id={`${id}-budget`}
                value={form.budgetCategory}
                required
                maxLength={40}
                onChange={set('budgetCategory')}
                {...describedBy(`${id}-budget-error`, byField.budgetCategory)}
              />
              <FieldError id={`${id}-budget-error`} reasons={byField.budgetCategory} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-wished`}>{t('requests.wishedDate')}</label>
              <input id={`${id}-wished`} type="date" value={form.wishedDate} onChange={set('wishedDate')} />
            </div>
          </div>
          {ordersDirectly && (
            <div className="checks">
              <label>
                <input
                  type="checkbox"
                  checked={form.directOrder}
                  aria-describedby={`${id}-direct-order-hint`}
                  onChange={(event) => setForm((f) => ({ ...f, directOrder: event.target.checked }))}
                />{' '}
                {t('requests.directOrder')}
              </label>
              <p id={`${id}-direct-order-hint`} className="muted">
                {t('requests.directOrderHint')}
              </p>
            </div>
          )}
          <div className="table-wrap">
            <table className="table" data-testid="request-form-lines">
              <caption>{t('requests.lines')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('requests.line')}</th>
                  <th scope="col">{t('requests.quantity')}</th>
                  <th scope="col">{t('requests.unitPrice')}</th>
                  <th scope="col">{t('requests.amount')}</th>
                  <th scope="col">{t('requests.wishedDate')}</th>
                </tr>
              </thead>
              <tbody>
                {lines.map((line, index) => {
                  const reasons = byLine[index]?.map((e) => `${e.field} : ${e.reason}`);
                  const needsCategory = line.kind === 'free_text' && !line.freeText?.categoryCode;
                  return (
                    <tr key={line.id} data-testid="request-form-line">
                      <th scope="row">
                        {nameOf(line)}
                        <div className="meta">
                          <span>{line.item?.supplier.name ?? line.freeText?.suggestedSupplier?.name}</span>
                        </div>
                        {needsCategory && (
                          <div className="field">
                            <label htmlFor={`${id}-cat-${line.id}`}>
                              {t('requests.lineCategory', { line: nameOf(line) })}
                            </label>
                            <input
                              id={`${id}-cat-${line.id}`}
                              inputMode="numeric"
                              maxLength={8}
                              value={categoryOf(line, itemCategories, form)}
                              onChange={(event) => {
                                const value = event.target.value;
                                setForm((f) => ({
                                  ...f,
                                  lineCategories: { ...f.lineCategories, [line.id]: value },
                                }));
                              }}
                            />
                          </div>
                        )}
                        <FieldError id={`${id}-line-error-${line.id}`} reasons={reasons} />
                      </th>
                      <td>
                        {formatDecimal(line.quantity, language)}{' '}
                        {t(`units.${line.item?.unitCode ?? line.freeText?.unitCode ?? 'C62'}`, {
                          defaultValue: line.item?.unitCode ?? line.freeText?.unitCode,
                        })}
                      </td>
                      <td>
                        {money(line.unitPrice)}
                        {line.estimated && <span className="muted"> {t('cart.estimated')}</span>}
                      </td>
                      <td>{money(line.netAmount)}</td>
                      <td>
                        <label className="visually-hidden" htmlFor={`${id}-date-${line.id}`}>
                          {t('requests.lineWishedDate', { line: nameOf(line) })}
                        </label>
                        <input
                          id={`${id}-date-${line.id}`}
                          type="date"
                          value={form.lineWishedDates[line.id] ?? ''}
                          title={t('requests.sameDate')}
                          onChange={(event) => {
                            const value = event.target.value;
                            setForm((f) => ({
                              ...f,
                              lineWishedDates: { ...f.lineWishedDates, [line.id]: value },
                            }));
                          }}
                        />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
              {total && (
                <tfoot>
                  <tr>
                    <th scope="row" colSpan={3}>
                      {t('requests.total')}
                    </th>
                    <td data-testid="request-form-total">{money(total)}</td>
                    <td />
                  </tr>
                </tfoot>
              )}
            </table>
          </div>
          {excluded > 0 && <p className="muted">{t('requests.excluded', { count: excluded })}</p>}
          <div className="actions">
            <button type="submit" value="draft" className="btn" disabled={action.running !== null}>
              {t('requests.saveDraft')}
            </button>
            <button
              type="submit"
              value="check"
              className="btn btn-primary"
              disabled={action.running !== null}
            >
              {t('requests.saveAndCheck')}
            </button>
          </div>
          {action.problem &&
            (action.problem.status === 422 ? (
              <RefusalAlert problem={action.problem} />
            ) : (
              <ProblemAlert problem={action.problem} otherErrors={other} />
            ))}
        </form>
      )}
    </section>
  );
}

/** The lines now in a request leave the cart; one that cannot be removed stays (the request is made). */
async function takeOutOfCart(lines: readonly CartLine[], onCart: (cart: Cart) => void): Promise<void> {
  let cart: Cart | undefined;
  for (const line of lines) cart = await removeCartLine(line.id).catch(() => cart);
  if (cart) onCart(cart);
}
