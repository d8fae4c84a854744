import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  addFreeTextLine,
  type Cart,
  type CartLine,
  cartPath,
  changeCartQuantity,
  emptyCart,
  removeCartLine,
} from '../api.js';
import { describedBy, FieldError, LoadStatus, ProblemAlert } from '../components/Problem.js';
import { formatDecimal, formatMoney } from '../format.js';
import { itemPagePath, newRequestPath } from '../navigation.js';
import { splitFieldErrors } from '../problems.js';
import { useAction } from '../use-action.js';
import { useApiData } from '../use-api-data.js';

/** The person's cart: lines re-priced on every read, flagged when a price changed or a line cannot be ordered. */
export function CartPage({
  navigate,
  onCart,
}: {
  navigate: (path: string) => void;
  onCart: (cart: Cart) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const id = useId();
  const { data: cart, error, setData } = useApiData<Cart>(cartPath);
  const action = useAction();
  const [editing, setEditing] = useState<Record<string, string>>({});
  const [problemLine, setProblemLine] = useState<string | null>(null);

  const apply = (next: Cart) => {
    setData(next);
    onCart(next);
  };
  const money = (a: { amount: string; currency: string }) => formatMoney(a.amount, a.currency, language);
  const unitOf = (code: string) => t(`units.${code}`, { defaultValue: code });

  function saveQuantity(line: CartLine) {
    const quantity = (editing[line.id] ?? line.quantity).trim().replace(',', '.');
    setProblemLine(line.id);
    void action.run(line.id, async () => {
      apply(await changeCartQuantity(line.id, quantity));
      setEditing(({ [line.id]: _, ...rest }) => rest);
    });
  }

  return (
    <section aria-labelledby={`${id}-title`} className="page">
      <h1 id={`${id}-title`}>{t('cart.title')}</h1>
      {!cart ? (
        <LoadStatus error={error} />
      ) : (
        <>
          {cart.lines.length === 0 ? (
            <p className="muted">{t('cart.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="cart-lines">
                <thead>
                  <tr>
                    <th scope="col">{t('cart.line')}</th>
                    <th scope="col">{t('cart.quantity')}</th>
                    <th scope="col">{t('cart.unitPrice')}</th>
                    <th scope="col">{t('cart.netAmount')}</th>
                    <th scope="col">{t('common.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {cart.lines.map((line) => {
                    const moqProblem =
                      problemLine === line.id && action.problem?.code === 'below_minimum_order_quantity';
                    const reasons =
                      moqProblem && line.item
                        ? [
                            t('item.belowMinimum', {
                              minimum: formatDecimal(line.item.minOrderQuantity, language),
                            }),
                          ]
                        : undefined;
                    return (
                      <tr
                        key={line.id}
                        data-testid="cart-line"
                        className={line.orderable ? '' : 'not-orderable'}
                      >
                        <th scope="row">
                          {line.item ? (
                            <a
                              href={itemPagePath(line.item.id)}
                              onClick={(event) => {
                                event.preventDefault();
                                navigate(itemPagePath(line.item?.id ?? ''));
                              }}
                            >
                              {line.item.name[language]}
                            </a>
                          ) : (
                            line.freeText?.description
                          )}
                          <div className="meta">
                            {line.item && <span>{line.item.supplier.name}</span>}
                            {line.freeText && (
                              <span
                                className={`badge request-${line.freeText.status}`}
                                data-testid="free-text-status"
                              >
                                {t(`freeText.statuses.${line.freeText.status}`)}
                              </span>
                            )}
                            {line.freeText?.rejectionReason && <span>{line.freeText.rejectionReason}</span>}
                          </div>
                          {line.priceChange && (
                            <p className="flag" data-testid="price-change">
                              {t('cart.priceChanged', {
                                from: money(line.priceChange.from),
                                to: money(line.priceChange.to),
                              })}
                            </p>
                          )}
                          {line.issues.map((issue) => (
                            <p key={issue} className="flag error" data-testid="line-issue">
                              {t(`cart.issues.${issue}`)}
                            </p>
                          ))}
                        </th>
                        <td>
                          <form
                            className="quantity-form"
                            onSubmit={(event: FormEvent) => {
                              event.preventDefault();
                              saveQuantity(line);
                            }}
                          >
                            <label className="visually-hidden" htmlFor={`${id}-q-${line.id}`}>
                              {t('cart.quantityOf', {
                                line: line.item?.name[language] ?? line.freeText?.description,
                              })}
                            </label>
                            <input
                              id={`${id}-q-${line.id}`}
                              inputMode="decimal"
                              size={6}
                              value={editing[line.id] ?? line.quantity}
                              onChange={(event) => {
                                const value = event.target.value;
                                setEditing((e) => ({ ...e, [line.id]: value }));
                              }}
                              {...describedBy(`${id}-q-error-${line.id}`, reasons)}
                            />{' '}
                            {unitOf(line.item?.unitCode ?? line.freeText?.unitCode ?? 'C62')}
                            {editing[line.id] !== undefined && (
                              <button type="submit" className="btn" disabled={action.running !== null}>
                                {t('cart.update')}
                              </button>
                            )}
                            <FieldError id={`${id}-q-error-${line.id}`} reasons={reasons} />
                          </form>
                        </td>
                        <td>
                          {money(line.unitPrice)}
                          {line.estimated && <span className="muted"> {t('cart.estimated')}</span>}
                          {line.tierMinQuantity && (
                            <span className="muted"> {t('cart.tier', { from: line.tierMinQuantity })}</span>
                          )}
                        </td>
                        <td>{money(line.netAmount)}</td>
                        <td>
                          <button
                            type="button"
                            className="btn"
                            disabled={action.running !== null}
                            onClick={() => {
                              setProblemLine(line.id);
                              void action.run(line.id, async () => apply(await removeCartLine(line.id)));
                            }}
                          >
                            {t('cart.remove')}
                          </button>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <div className="actions">
                <button
                  type="button"
                  className="btn"
                  disabled={action.running !== null}
                  onClick={() => void action.run('empty', async () => apply(await emptyCart()))}
                >
                  {t('cart.emptyCart')}
                </button>
                <button type="button" className="btn btn-primary" onClick={() => navigate(newRequestPath)}>
                  {t('cart.createRequest')}
                </button>
              </div>
            </div>
          )}
          {action.problem && action.problem.code !== 'below_minimum_order_quantity' && (
            <ProblemAlert problem={action.problem} />
          )}
          {cart.totals.length > 0 && (
            <table className="table totals" data-testid="cart-totals">
              <caption>{t('cart.totals')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('cart.currency')}</th>
                  <th scope="col">{t('cart.net')}</th>
                  <th scope="col">{t('cart.vat')}</th>
                  <th scope="col">{t('cart.gross')}</th>
                </tr>
              </thead>
              <tbody>
                {cart.totals.map((total) => (
                  <tr key={total.currency} data-testid="cart-total">
                    <th scope="row">{total.currency}</th>
                    <td data-testid="total-net">{money(total.netAmount)}</td>
                    <td data-testid="total-vat">{money(total.vatAmount)}</td>
                    <td data-testid="total-gross">{money(total.grossAmount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <FreeTextForm onCart={apply} />
        </>
      )}
    </section>
  );
}

const emptyForm = {
  description: '',
  quantity: '1',
  unitCode: 'C62',
  amount: '',
  currency: 'EUR',
  categoryCode: '',
  supplier: '',
  url: '',
  notes: '',
};
const formFields = [
  'description',
  'quantity',
  'unitCode',
  'estimatedUnitPrice.amount',
  'estimatedUnitPrice.currency',
  'categoryCode',
  'suggestedSupplierName',
  'url',
  'notes',
] as const;

/** Something the catalog does not hold: it becomes a cart line and a request for a buyer. */
function FreeTextForm({ onCart }: { onCart: (cart: Cart) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [form, setForm] = useState(emptyForm);
  const action = useAction();
  const { byField, other } = splitFieldErrors(action.problem?.errors ?? [], formFields);
  const set = (field: keyof typeof emptyForm) => (event: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [field]: event.target.value }));
  const field = (
    name: keyof typeof emptyForm,
    error: (typeof formFields)[number],
    label: string,
    extra = {},
  ) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <input
        id={`${id}-${name}`}
        value={form[name]}
        onChange={set(name)}
        {...extra}
        {...describedBy(`${id}-${name}-error`, byField[error])}
      />
      <FieldError id={`${id}-${name}-error`} reasons={byField[error]} />
    </div>
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void action.run('submit', async () => {
      const cart = await addFreeTextLine({
        description: form.description,
        quantity: form.quantity.trim().replace(',', '.'),
        unitCode: form.unitCode,
        estimatedUnitPrice: { amount: form.amount.trim().replace(',', '.'), currency: form.currency },
        ...(form.categoryCode.trim() ? { categoryCode: form.categoryCode.trim() } : {}),
        ...(form.supplier.trim() ? { suggestedSupplierName: form.supplier.trim() } : {}),
        ...(form.url.trim() ? { url: form.url.trim() } : {}),
        ...(form.notes.trim() ? { notes: form.notes.trim() } : {}),
      });
      onCart(cart);
      setForm(emptyForm);
      return t('freeText.added');
    });
  }

  return (
    <form className="free-text-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('freeText.title')}</h2>
      <p className="muted">{t('freeText.intro')}</p>
      {field('description', 'description', t('freeText.description'), { required: true, maxLength: 500 })}
      {field('quantity', 'quantity', t('freeText.quantity'), { required: true, inputMode: 'decimal' })}
      <div className="field">
        <label htmlFor={`${id}-unitCode`}>{t('freeText.unit')}</label>
        <select id={`${id}-unitCode`} value={form.unitCode} onChange={set('unitCode')}>
          {['C62', 'H87', 'SET', 'XBX', 'XPK', 'HUR', 'DAY', 'MON'].map((code) => (
            <option key={code} value={code}>
              {t(`units.${code}`)}
            </option>
          ))}
        </select>
      </div>
      {field('amount', 'estimatedUnitPrice.amount', t('freeText.estimatedUnitPrice'), {
        required: true,
        inputMode: 'decimal',
      })}
      <div className="field">
        <label htmlFor={`${id}-currency`}>{t('freeText.currency')}</label>
        <select id={`${id}-currency`} value={form.currency} onChange={set('currency')}>
          {['EUR', 'USD', 'GBP', 'CHF'].map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </div>
      {field('categoryCode', 'categoryCode', t('freeText.category'), { inputMode: 'numeric', maxLength: 8 })}
      {field('supplier', 'suggestedSupplierName', t('freeText.supplier'))}
      {field('url', 'url', t('freeText.url'), { type: 'url' })}
      {field('notes', 'notes', t('freeText.notes'))}
      <button type="submit" className="btn btn-primary" disabled={action.running !== null}>
        {t('freeText.submit')}
      </button>
      {action.notice && (
        <p role="status" className="notice">
          {action.notice}
        </p>
      )}
      {action.problem && <ProblemAlert problem={action.problem} otherErrors={other} />}
    </form>
  );
}
