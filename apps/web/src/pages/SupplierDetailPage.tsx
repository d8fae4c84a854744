import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type BankAccount,
  type ComplianceDocument,
  type ComplianceDocumentType,
  complianceDocumentTypes,
  decideBankAccount,
  enterBankAccount,
  type Me,
  type SupplierAction,
  type SupplierDetail,
  type SupplierHistoryEntry,
  supplierAction,
  supplierPath,
  uploadComplianceDocument,
} from '../api.js';
import { LoadStatus, ProblemAlert } from '../components/Problem.js';
import { formatInstant } from '../dates.js';
import {
  mayBlockSuppliers,
  mayEnterBankDetails,
  mayVerifyBankDetails,
  noticeLeftInHistory,
  supplierPagePath,
} from '../navigation.js';
import { useAction } from '../use-action.js';
import { useApiData } from '../use-api-data.js';

/** The actions a supplier's status allows (the API decides; this only chooses the buttons). */
const actionsByStatus: Record<string, SupplierAction[]> = {
  draft: ['submit', 'archive'],
  pending_approval: ['approve', 'reject'],
  active: ['block', 'archive'],
  blocked: ['reinstate', 'archive'],
  archived: [],
};
const reasonRequired: SupplierAction[] = ['reject', 'block', 'reinstate', 'archive'];

/** One supplier for buyers: identity, lifecycle with its history, bank details under four eyes, compliance documents. */
export function SupplierDetailPage({
  me,
  supplierId,
  navigate,
}: {
  me: Me;
  supplierId: string;
  navigate: (path: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const id = useId();
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);
  const base = supplierPath(supplierId);
  const detail = useApiData<SupplierDetail>(`${base}?v=${version}`);
  const history = useApiData<{ history: SupplierHistoryEntry[] }>(`${base}/history?v=${version}`);
  const bank = useApiData<{
    current: BankAccount | null;
    pending: BankAccount | null;
    accounts: BankAccount[];
  }>(`${base}/bank-accounts?v=${version}`);
  const compliance = useApiData<{ documents: ComplianceDocument[] }>(`${base}/compliance?v=${version}`);
  const action = useAction();
  const [reason, setReason] = useState('');
  const [account, setAccount] = useState({ iban: '', bic: '', accountHolder: '' });
  const [upload, setUpload] = useState<{ type: ComplianceDocumentType; issuedOn: string; expiresOn: string }>(
    {
      type: 'urssaf_vigilance',
      issuedOn: '',
      expiresOn: '',
    },
  );
  const [file, setFile] = useState<File | null>(null);
  const canManage = mayBlockSuppliers(me.roles);
  // The form that saved this supplier leaves its notice (created, saved, back in approval) in the history entry.
  const { setNotice } = action;
  useEffect(() => {
    const left = noticeLeftInHistory();
    if (!left) return;
    setNotice(left);
    window.history.replaceState(null, '');
  }, [setNotice]);

  const supplier = detail.data;
  if (!supplier) return <LoadStatus error={detail.error} />;

  const run = (key: string, work: () => Promise<unknown>, notice: string) =>
    action.run(key, async () => {
      await work();
      reload();
      return notice;
    });

  function onAction(chosen: SupplierAction) {
    void run(
      chosen,
      async () => {
        await supplierAction(supplierId, chosen, reason);
        setReason('');
      },
      t(`supplierReferencing.done.${chosen}`, { name: supplier?.name }),
    );
  }

  function onEnterAccount(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void run(
      'bank',
      async () => {
        await enterBankAccount(supplierId, account);
        setAccount({ iban: '', bic: '', accountHolder: '' });
      },
      t('supplierReferencing.bank.entered'),
    );
  }

  function onUpload(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) return;
    void run(
      'upload',
      () => uploadComplianceDocument(supplierId, upload, file),
      t('supplierReferencing.documents.uploaded'),
    );
  }

  const allowed = actionsByStatus[supplier.status] ?? [];
  const docLabel = (type: string) => t(`supplierReferencing.documentTypes.${type}`, { defaultValue: type });

  return (
    <section aria-labelledby={`${id}-title`} className="page">
      <p>
        <a
          href="/suppliers"
          onClick={(event) => {
            event.preventDefault();
            navigate('/suppliers');
          }}
        >
          {t('supplierReferencing.back')}
        </a>
      </p>
      <h1 id={`${id}-title`}>{supplier.name}</h1>
      <p>
        <span className={`badge status-${supplier.status}`} data-testid="supplier-status">
          {t(`suppliers.statuses.${supplier.status}`, { defaultValue: supplier.status })}
        </span>{' '}
        <span className={`badge compliance-${supplier.compliance.status}`} data-testid="supplier-compliance">
          {t(`supplierReferencing.complianceStatuses.${supplier.compliance.status}`)}
        </span>{' '}
        {!supplier.orderable && <strong>{t('supplierReferencing.notOrderable')}</strong>}
      </p>
      {action.notice && (
        <p role="status" className="notice" data-testid="supplier-notice">
          {action.notice}
        </p>
      )}
      {action.problem && <ProblemAlert problem={action.problem} />}
      {canManage && (supplier.status === 'draft' || supplier.status === 'active') && (
        <p>
          <a
            className="btn"
            href={`${supplierPagePath(supplier.id)}/edit`}
            onClick={(event) => {
              event.preventDefault();
              navigate(`${supplierPagePath(supplier.id)}/edit`);
            }}
          >
            {t('supplierForm.edit')}
          </a>
        </p>
      )}

      <h2>{t('supplierReferencing.identity')}</h2>
      <dl className="facts">
        <dt>{t('suppliers.siret')}</dt>
        <dd className="mono">{supplier.siret ?? '—'}</dd>
        <dt>{t('suppliers.vatNumber')}</dt>
        <dd className="mono">{supplier.vatNumber ?? '—'}</dd>
        <dt>DUNS</dt>
        <dd className="mono">{supplier.duns ?? '—'}</dd>
        <dt>{t('supplierReferencing.country')}</dt>
        <dd>{supplier.country}</dd>
        <dt>{t('supplierReferencing.languages')}</dt>
        <dd>{supplier.languages.join(', ')}</dd>
        <dt>{t('supplierReferencing.paymentTerms')}</dt>
        <dd>{t('supplierReferencing.days', { count: supplier.paymentTermsDays })}</dd>
        <dt>{t('supplierReferencing.buyer')}</dt>
        <dd>{supplier.responsibleBuyer?.displayName ?? '—'}</dd>
        <dt>{t('supplierReferencing.yearlySpend')}</dt>
        <dd>
          {supplier.yearlySpend.amount} {supplier.yearlySpend.currency}
          {supplier.yearlySpend.source ? ` (${supplier.yearlySpend.source})` : ''}
        </dd>
      </dl>
      <h3>{t('supplierReferencing.addresses')}</h3>
      <ul>
        {supplier.addresses.map((a) => (
          <li key={`${a.kind}-${a.line1}`}>
            {t(`supplierReferencing.addressKinds.${a.kind}`, { defaultValue: a.kind })} : {a.line1}
            {a.line2 ? `, ${a.line2}` : ''}, {a.postalCode} {a.city} ({a.country})
          </li>
        ))}
      </ul>
      <h3>{t('supplierReferencing.contacts')}</h3>
      <ul>
        {supplier.contacts.map((c) => (
          <li key={c.email}>
            {c.name} — {c.email}
            {c.phone ? ` — ${c.phone}` : ''} ({c.role})
            {c.complianceContact && ` — ${t('supplierReferencing.complianceContact')}`}
          </li>
        ))}
      </ul>

      {canManage && allowed.length > 0 && (
        <>
          <h2>{t('supplierReferencing.lifecycle')}</h2>
          <div className="inline-form">
            <label htmlFor={`${id}-reason`}>{t('supplierReferencing.reason')}</label>
            <textarea
              id={`${id}-reason`}
              rows={2}
              maxLength={500}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
            <div className="actions">
              {allowed.map((a) => {
                const ownSubmission = a === 'approve' && supplier.submittedBy === me.userId;
                return (
                  <button
                    key={a}
                    type="button"
                    className={
                      a === 'block' || a === 'reject' || a === 'archive'
                        ? 'btn btn-danger'
                        : 'btn btn-primary'
                    }
                    disabled={
                      action.running !== null ||
                      ownSubmission ||
                      (reasonRequired.includes(a) && reason.trim().length < 3)
                    }
                    title={ownSubmission ? t('supplierReferencing.ownSubmission') : undefined}
                    onClick={() => onAction(a)}
                  >
                    {t(`supplierReferencing.actions.${a}`)}
                  </button>
                );
              })}
            </div>
          </div>
        </>
      )}

      <h2>{t('supplierReferencing.history')}</h2>
      {history.data ? (
        <div className="table-wrap">
          <table className="table" data-testid="supplier-history">
            <thead>
              <tr>
                <th scope="col">{t('supplierReferencing.when')}</th>
                <th scope="col">{t('supplierReferencing.action')}</th>
                <th scope="col">{t('supplierReferencing.who')}</th>
                <th scope="col">{t('suppliers.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {history.data.history.map((entry) => (
                <tr key={`${entry.occurredAt}-${entry.action}`}>
                  <td>{formatInstant(entry.occurredAt, language)}</td>
                  <td>
                    {t(`supplierReferencing.historyActions.${entry.action}`, { defaultValue: entry.action })}{' '}
                    → {t(`suppliers.statuses.${entry.toStatus}`, { defaultValue: entry.toStatus })}
                  </td>
                  <td>{entry.actor.displayName}</td>
                  <td>{entry.reason ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <LoadStatus error={history.error} />
      )}

      <h2>{t('supplierReferencing.bank.title')}</h2>
      {bank.data ? (
        <>
          <p>
            {t('supplierReferencing.bank.current')}{' '}
            {bank.data.current ? (
              <span className="mono" data-testid="current-bank-account">
                {bank.data.current.iban} ({bank.data.current.bic}) — {bank.data.current.accountHolder}
              </span>
            ) : (
              t('supplierReferencing.bank.none')
            )}
          </p>
          {bank.data.pending && (
            <div className="notice" data-testid="pending-bank-account">
              <p>
                {t('supplierReferencing.bank.pending', {
                  iban: bank.data.pending.iban,
                  name: bank.data.pending.enteredBy.displayName,
                  date: formatInstant(bank.data.pending.enteredAt, language),
                })}
              </p>
              {mayVerifyBankDetails(me.roles) &&
                (bank.data.pending.enteredBy.userId === me.userId ? (
                  <p className="muted">{t('supplierReferencing.bank.ownEntry')}</p>
                ) : (
                  <div className="actions">
                    <button
                      type="button"
                      className="btn btn-primary"
                      disabled={action.running !== null}
                      onClick={() => {
                        const pending = bank.data?.pending;
                        if (pending)
                          void run(
                            'verify',
                            () => decideBankAccount(supplierId, pending.id, 'verify'),
                            t('supplierReferencing.bank.verified'),
                          );
                      }}
                    >
                      {t('supplierReferencing.bank.verify')}
                    </button>
                    <button
                      type="button"
                      className="btn btn-danger"
                      disabled={action.running !== null || reason.trim().length < 3}
                      title={t('supplierReferencing.bank.rejectHint')}
                      onClick={() => {
                        const pending = bank.data?.pending;
                        if (pending)
                          void run(
                            'reject',
                            () => decideBankAccount(supplierId, pending.id, 'reject', reason),
                            t('supplierReferencing.bank.rejected'),
                          );
                      }}
                    >
                      {t('supplierReferencing.bank.reject')}
                    </button>
                  </div>
                ))}
            </div>
          )}
          {mayEnterBankDetails(me.roles) && !bank.data.pending && supplier.status !== 'archived' && (
            <form
              className="inline-form"
              onSubmit={onEnterAccount}
              aria-label={t('supplierReferencing.bank.enter')}
            >
              <label htmlFor={`${id}-iban`}>IBAN</label>
              <input
                id={`${id}-iban`}
                required
                value={account.iban}
                onChange={(e) => setAccount({ ...account, iban: e.target.value })}
              />
              <label htmlFor={`${id}-bic`}>BIC</label>
              <input
                id={`${id}-bic`}
                required
                value={account.bic}
                onChange={(e) => setAccount({ ...account, bic: e.target.value })}
              />
              <label htmlFor={`${id}-holder`}>{t('supplierReferencing.bank.holder')}</label>
              <input
                id={`${id}-holder`}
                required
                value={account.accountHolder}
                onChange={(e) => setAccount({ ...account, accountHolder: e.target.value })}
              />
              <div className="actions">
                <button type="submit" className="btn" disabled={action.running !== null}>
                  {t('supplierReferencing.bank.enter')}
                </button>
              </div>
            </form>
          )}
        </>
      ) : (
        <LoadStatus error={bank.error} />
      )}

      <h2>{t('supplierReferencing.documents.title')}</h2>
      <p>
        {t('supplierReferencing.documents.required')}{' '}
        {supplier.compliance.required.map((r) => docLabel(r.type)).join(', ') || '—'}
      </p>
      {supplier.compliance.reason && <p className="muted">{supplier.compliance.reason}</p>}
      {compliance.data ? (
        <div className="table-wrap">
          <table className="table" data-testid="compliance-documents">
            <thead>
              <tr>
                <th scope="col">{t('supplierReferencing.documents.type')}</th>
                <th scope="col">{t('supplierReferencing.documents.issuedOn')}</th>
                <th scope="col">{t('supplierReferencing.documents.expiresOn')}</th>
                <th scope="col">{t('supplierReferencing.documents.file')}</th>
              </tr>
            </thead>
            <tbody>
              {compliance.data.documents.map((d) => (
                <tr key={d.id}>
                  <td>
                    {docLabel(d.type)}
                    {supplier.compliance.expiring.includes(d.type) && (
                      <span className="badge compliance-expiring">
                        {' '}
                        {t('supplierReferencing.complianceStatuses.expiring')}
                      </span>
                    )}
                    {supplier.compliance.expired.includes(d.type) && (
                      <span className="badge compliance-non_compliant">
                        {' '}
                        {t('supplierReferencing.documents.expired')}
                      </span>
                    )}
                  </td>
                  <td>{d.issuedOn}</td>
                  <td>{d.expiresOn ?? t('supplierReferencing.documents.noExpiry')}</td>
                  <td>
                    <a href={`${base}/compliance-documents/${d.id}/content`} download={d.fileName}>
                      {d.fileName}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <LoadStatus error={compliance.error} />
      )}
      {canManage && (
        <form
          className="inline-form"
          onSubmit={onUpload}
          aria-label={t('supplierReferencing.documents.upload')}
        >
          <label htmlFor={`${id}-doc-type`}>{t('supplierReferencing.documents.type')}</label>
          <select
            id={`${id}-doc-type`}
            value={upload.type}
            onChange={(e) => setUpload({ ...upload, type: e.target.value as ComplianceDocumentType })}
          >
            {complianceDocumentTypes.map((type) => (
              <option key={type} value={type}>
                {docLabel(type)}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-issued`}>{t('supplierReferencing.documents.issuedOn')}</label>
          <input
            id={`${id}-issued`}
            type="date"
            required
            value={upload.issuedOn}
            onChange={(e) => setUpload({ ...upload, issuedOn: e.target.value })}
          />
          <label htmlFor={`${id}-expires`}>{t('supplierReferencing.documents.expiresOn')}</label>
          <input
            id={`${id}-expires`}
            type="date"
            value={upload.expiresOn}
            onChange={(e) => setUpload({ ...upload, expiresOn: e.target.value })}
          />
          <label htmlFor={`${id}-file`}>{t('supplierReferencing.documents.file')}</label>
          <input
            id={`${id}-file`}
            type="file"
            required
            accept="application/pdf,image/png,image/jpeg"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
          <div className="actions">
            <button type="submit" className="btn" disabled={action.running !== null || !file}>
              {t('supplierReferencing.documents.upload')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
