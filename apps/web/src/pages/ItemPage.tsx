import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addToCart, type Cart, type ItemDetail, itemPath } from '../api.js';
import { describedBy, FieldError, LoadStatus, ProblemAlert } from '../components/Problem.js';
import { formatDecimal, formatMoney } from '../format.js';
import { splitFieldErrors } from '../problems.js';
import { useAction } from '../use-action.js';
import { useApiData } from '../use-api-data.js';

/** One catalog item in the UI language, with its tiers when the API gives them, to add to the cart. */
export function ItemPage({
  id,
  navigate,
  onCart,
}: {
  id: string;
  navigate: (path: string) => void;
  onCart: (cart: Cart) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const formId = useId();
  const { data: item, error } = useApiData<ItemDetail>(itemPath(id));
  const [quantity, setQuantity] = useState<string | null>(null);
  const action = useAction();

  if (!item) return <LoadStatus error={error} />;
  const wanted = quantity ?? item.minOrderQuantity;
  const unit = t(`units.${item.unitCode}`, { defaultValue: item.unitCode });
  const { byField, other } = splitFieldErrors(action.problem?.errors ?? [], ['quantity'] as const);
  const quantityReasons =
    action.problem?.code === 'below_minimum_order_quantity'
      ? [t('item.belowMinimum', { minimum: formatDecimal(item.minOrderQuantity, language) })]
      : byField.quantity;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void action.run('submit', async () => {
      const cart = await addToCart(id, wanted.trim().replace(',', '.'));
      onCart(cart);
      return t('item.added', { quantity: wanted, unit });
    });
  }

  return (
    <article className="page item-page" aria-labelledby={`${formId}-title`}>
      <p>
        <a
          href="/"
          onClick={(event) => {
            event.preventDefault();
            navigate('/');
          }}
        >
          {t('item.back')}
        </a>
      </p>
      <h1 id={`${formId}-title`}>{item.name[language]}</h1>
      <p className="description">{item.description[language]}</p>
      <dl className="facts">
        <dt>{t('catalog.unitPrice')}</dt>
        <dd data-testid="item-price">
          {formatMoney(item.unitPrice.amount, item.unitPrice.currency, language)}{' '}
          {t('catalog.perUnit', { unit })}
        </dd>
        <dt>{t('item.supplier')}</dt>
        <dd>{item.supplier.name}</dd>
        <dt>{t('catalog.sku')}</dt>
        <dd>{item.supplierSku}</dd>
        <dt>{t('item.vatRate')}</dt>
        <dd>{formatDecimal(item.vatRate, language)} %</dd>
        <dt>{t('item.minimum')}</dt>
        <dd data-testid="item-minimum">
          {formatDecimal(item.minOrderQuantity, language)} {unit}
        </dd>
        <dt>{t('item.leadTime')}</dt>
        <dd>{t('catalog.leadTime', { count: item.leadTimeDays })}</dd>
      </dl>
      {item.tiers && item.tiers.length > 0 && (
        <table className="table tiers" data-testid="item-tiers">
          <caption>{t('item.tiers')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('item.tierFrom')}</th>
              <th scope="col">{t('catalog.unitPrice')}</th>
            </tr>
          </thead>
          <tbody>
            {item.tiers.map((tier) => (
              <tr key={tier.minQuantity}>
                <td>{formatDecimal(tier.minQuantity, language)}</td>
                <td>{formatMoney(tier.unitPrice, item.unitPrice.currency, language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="inline-form" onSubmit={submit} aria-label={t('item.addToCart')}>
        <label htmlFor={`${formId}-quantity`}>{t('item.quantity')}</label>
        <input
          id={`${formId}-quantity`}
          inputMode="decimal"
          required
          value={wanted}
          onChange={(event) => setQuantity(event.target.value)}
          {...describedBy(`${formId}-quantity-error`, quantityReasons)}
        />
        <FieldError id={`${formId}-quantity-error`} reasons={quantityReasons} />
        <button type="submit" className="btn btn-primary" disabled={action.running !== null}>
          {t('item.addToCart')}
        </button>
      </form>
      {action.notice && (
        <p role="status" className="notice">
          {action.notice}{' '}
          <a
            href="/cart"
            onClick={(event) => {
              event.preventDefault();
              navigate('/cart');
            }}
          >
            {t('item.seeCart')}
          </a>
        </p>
      )}
      {action.problem && action.problem.code !== 'below_minimum_order_quantity' && (
        <ProblemAlert problem={action.problem} otherErrors={other} />
      )}
    </article>
  );
}
