import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { blockSupplier, type Me, type Supplier, suppliersPath } from '../api.js';
import { describedBy, FieldError, LoadStatus, ProblemAlert } from '../components/Problem.js';
import { formatInstant } from '../dates.js';
import { mayBlockSuppliers } from '../navigation.js';
import { type Problem, problemOf, splitFieldErrors } from '../problems.js';
import { useApiData } from '../use-api-data.js';

interface Blocking {
  supplierId: string;
  reason: string;
  busy: boolean;
  problem: Problem | null;
}

/** The suppliers and their status; buyers and administrators may block an active one, giving the reason. */
export function SuppliersPage({ me, navigate }: { me: Me; navigate?: (path: string) => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const id = useId();
  const canBlock = mayBlockSuppliers(me.roles);
  const { data, error, setData } = useApiData<{ suppliers: Supplier[] }>(suppliersPath);
  const [blocking, setBlocking] = useState<Blocking | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const returnFocusTo = useRef<string | null>(null);

  // Focus goes to the reason when the form opens, and back to the row when it closes: to its
  // "Block" button after a cancel, to the supplier's name once it is blocked (the button is gone).
  const blockingId = blocking?.supplierId ?? null;
  useEffect(() => {
    if (blockingId) {
      reasonRef.current?.focus();
    } else if (returnFocusTo.current) {
      const supplierId = returnFocusTo.current;
      returnFocusTo.current = null;
      (
        document.getElementById(`${id}-block-${supplierId}`) ??
        document.getElementById(`${id}-name-${supplierId}`)
      )?.focus();
    }
  }, [blockingId, id]);

  const { byField, other } = splitFieldErrors(blocking?.problem?.errors ?? [], ['reason'] as const);

  function open(supplier: Supplier) {
    setNotice(null);
    setBlocking({ supplierId: supplier.id, reason: '', busy: false, problem: null });
  }

  function cancel() {
    returnFocusTo.current = blocking?.supplierId ?? null;
    setBlocking(null);
  }

  async function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!blocking || blocking.busy) return;
    const { supplierId, reason } = blocking;
    setBlocking({ ...blocking, busy: true, problem: null });
    try {
      const updated = await blockSupplier(supplierId, reason);
      setData((d) => d && { suppliers: d.suppliers.map((s) => (s.id === updated.id ? updated : s)) });
      returnFocusTo.current = supplierId;
      setBlocking(null);
      setNotice(t('suppliers.blocked', { name: updated.name }));
    } catch (e) {
      const problem = problemOf(e);
      setBlocking((b) => (b?.supplierId === supplierId ? { ...b, busy: false, problem } : b));
    }
  }

  return (
    <section aria-labelledby={`${id}-title`} className="page">
      <h1 id={`${id}-title`}>{t('suppliers.title')}</h1>
      {!canBlock && <p className="muted">{t('suppliers.readOnly')}</p>}
      {canBlock && (
        <p>
          <a
            className="btn btn-primary"
            href="/suppliers/new"
            onClick={(event) => {
              if (!navigate) return;
              event.preventDefault();
              navigate('/suppliers/new');
            }}
          >
            {t('supplierForm.newSupplier')}
          </a>
        </p>
      )}
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {data ? (
        <div className="table-wrap">
          <table className="table" aria-labelledby={`${id}-title`} data-testid="suppliers">
            <thead>
              <tr>
                <th scope="col">{t('suppliers.name')}</th>
                <th scope="col">{t('suppliers.siret')}</th>
                <th scope="col">{t('suppliers.vatNumber')}</th>
                <th scope="col">{t('suppliers.status')}</th>
                <th scope="col">{t('supplierReferencing.compliance')}</th>
                <th scope="col">{t('suppliers.reason')}</th>
                <th scope="col">{t('suppliers.changedAt')}</th>
                {canBlock && <th scope="col">{t('common.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {data.suppliers.map((supplier) => (
                <tr key={supplier.id} data-testid="supplier-row">
                  <th scope="row" id={`${id}-name-${supplier.id}`} tabIndex={-1}>
                    <a
                      href={`/suppliers/${supplier.id}`}
                      onClick={(event) => {
                        if (!navigate) return;
                        event.preventDefault();
                        navigate(`/suppliers/${supplier.id}`);
                      }}
                    >
                      {supplier.name}
                    </a>
                  </th>
                  <td className="mono">{supplier.siret ?? '—'}</td>
                  <td className="mono">{supplier.vatNumber ?? '—'}</td>
                  <td>
                    <span className={`badge status-${supplier.status}`} data-testid="supplier-status">
                      {t(`suppliers.statuses.${supplier.status}`, { defaultValue: supplier.status })}
                    </span>
                  </td>
                  <td>
                    {supplier.complianceStatus && (
                      <span
                        className={`badge compliance-${supplier.complianceStatus}`}
                        data-testid="supplier-compliance"
                      >
                        {t(`supplierReferencing.complianceStatuses.${supplier.complianceStatus}`)}
                      </span>
                    )}
                  </td>
                  <td>{supplier.statusReason ?? '—'}</td>
                  <td>{formatInstant(supplier.statusChangedAt, language)}</td>
                  {canBlock && (
                    <td>
                      {supplier.status === 'active' && blocking?.supplierId === supplier.id && (
                        <form
                          className="inline-form"
                          aria-label={t('suppliers.blockFormLabel', { name: supplier.name })}
                          onSubmit={(event) => void confirm(event)}
                          onKeyDown={(event) => {
                            if (event.key === 'Escape') cancel();
                          }}
                        >
                          <label htmlFor={`${id}-reason`}>{t('suppliers.reasonLabel')}</label>
                          <textarea
                            id={`${id}-reason`}
                            ref={reasonRef}
                            rows={2}
                            maxLength={500}
                            required
                            value={blocking.reason}
                            onChange={(event) => {
                              const reason = event.target.value;
                              setBlocking((b) => b && { ...b, reason });
                            }}
                            {...describedBy(`${id}-reason-error`, byField.reason)}
                          />
                          <FieldError id={`${id}-reason-error`} reasons={byField.reason} />
                          <div className="actions">
                            <button type="submit" className="btn btn-danger" disabled={blocking.busy}>
                              {t('suppliers.confirmBlock')}
                            </button>
                            <button type="button" className="btn" onClick={cancel}>
                              {t('common.cancel')}
                            </button>
                          </div>
                          {blocking.problem && (
                            <ProblemAlert problem={blocking.problem} otherErrors={other} />
                          )}
                        </form>
                      )}
                      {supplier.status === 'active' && blocking?.supplierId !== supplier.id && (
                        <button
                          type="button"
                          className="btn"
                          id={`${id}-block-${supplier.id}`}
                          aria-label={t('suppliers.blockLabel', { name: supplier.name })}
                          onClick={() => open(supplier)}
                        >
                          {t('suppliers.block')}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          {data.suppliers.length === 0 && <p className="muted">{t('suppliers.none')}</p>}
        </div>
      ) : (
        <LoadStatus error={error} />
      )}
    </section>
  );
}
