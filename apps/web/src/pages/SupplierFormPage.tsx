import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { changeSupplier, createSupplier, type Me, type SupplierDetail, supplierPath } from '../api.js';
import { describedBy, FieldError, LoadStatus, ProblemAlert } from '../components/Problem.js';
import { type Navigate, supplierPagePath } from '../navigation.js';
import { type Problem, problemOf } from '../problems.js';
import {
  emptySupplierForm,
  parseCategoryCodes,
  type SupplierFormField,
  type SupplierFormState,
  supplierBodyOf,
  supplierFieldErrorsOf,
  supplierFormFields,
  supplierFormOf,
} from '../supplier-form.js';
import { useApiData } from '../use-api-data.js';

/** The form that references a new supplier (`/suppliers/new`). */
export function NewSupplierPage({ me, navigate }: { me: Me; navigate: Navigate }) {
  return <SupplierForm me={me} navigate={navigate} initial={emptySupplierForm(me.entityId)} />;
}

/** The same form, filled with a draft or active supplier's record (`/suppliers/:id/edit`). */
export function EditSupplierPage({
  me,
  supplierId,
  navigate,
}: {
  me: Me;
  supplierId: string;
  navigate: Navigate;
}) {
  const { data, error } = useApiData<SupplierDetail>(supplierPath(supplierId));
  if (!data) return <LoadStatus error={error} />;
  return (
    <SupplierForm
      key={data.id}
      me={me}
      navigate={navigate}
      supplier={data}
      initial={supplierFormOf(data, me.entityId)}
    />
  );
}

function SupplierForm({
  me,
  navigate,
  supplier,
  initial,
}: {
  me: Me;
  navigate: Navigate;
  supplier?: SupplierDetail;
  initial: SupplierFormState;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [form, setForm] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [ownErrors, setOwnErrors] = useState<Partial<Record<SupplierFormField, string[]>>>({});

  const { byField: apiErrors, other } = supplierFieldErrorsOf(problem?.errors ?? [], form);
  const errorsOf = (field: SupplierFormField) => ownErrors[field] ?? apiErrors[field];
  const refused = supplierFormFields.filter((f) => errorsOf(f)?.length);
  const set = (changes: Partial<SupplierFormState>) => setForm((f) => ({ ...f, ...changes }));
  const back = supplier ? supplierPagePath(supplier.id) : '/suppliers';

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const { invalid } = parseCategoryCodes(form.categoryCodes);
    if (invalid.length > 0) {
      setProblem(null);
      setOwnErrors({ categoryCodes: [t('supplierForm.invalidCategories', { codes: invalid.join(', ') })] });
      return;
    }
    setOwnErrors({});
    setProblem(null);
    setBusy(true);
    try {
      const body = supplierBodyOf(form);
      const saved = supplier ? await changeSupplier(supplier.id, body) : await createSupplier(body);
      const notice = !supplier
        ? t('supplierForm.created', { name: saved.name })
        : supplier.status === 'active' && saved.status === 'pending_approval'
          ? t('supplierForm.backInApproval', { name: saved.name })
          : t('supplierForm.saved', { name: saved.name });
      navigate(supplierPagePath(saved.id), { notice });
    } catch (error) {
      setProblem(problemOf(error));
      setBusy(false);
    }
  }

  /** A text input with its label and the reasons it was refused. */
  const text = (
    field: SupplierFormField,
    label: string,
    value: string,
    onChange: (value: string) => void,
    options: { type?: string; required?: boolean; maxLength?: number; hint?: string } = {},
  ) => (
    <div className="field">
      <label htmlFor={`${id}-${field}`}>{label}</label>
      <input
        id={`${id}-${field}`}
        type={options.type ?? 'text'}
        required={options.required}
        maxLength={options.maxLength}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        {...describedBy(`${id}-${field}-error`, errorsOf(field))}
      />
      {options.hint && <span className="muted">{options.hint}</span>}
      <FieldError id={`${id}-${field}-error`} reasons={errorsOf(field)} />
    </div>
  );

  return (
    <section aria-labelledby={`${id}-title`} className="page">
      <p>
        <a
          href={back}
          onClick={(event) => {
            event.preventDefault();
            navigate(back);
          }}
        >
          {supplier ? t('supplierForm.backToSupplier') : t('supplierReferencing.back')}
        </a>
      </p>
      <h1 id={`${id}-title`}>
        {supplier ? t('supplierForm.editTitle', { name: supplier.name }) : t('supplierForm.newTitle')}
      </h1>
      {supplier?.status === 'active' && <p className="muted">{t('supplierForm.reapprovalHint')}</p>}
      <form
        className="form"
        onSubmit={(event) => void save(event)}
        noValidate
        aria-labelledby={`${id}-title`}
      >
        {(problem || refused.length > 0) && (
          <ProblemAlert
            problem={problem ?? { status: null, code: 'invalid', message: t('supplierForm.fix'), errors: [] }}
            otherErrors={other}
            testId="supplier-form-problem"
          >
            {refused.length > 0 && (
              <p>
                {t('supplierForm.refusedFields', {
                  fields: refused.map((f) => t(`supplierForm.fields.${f}`)).join(', '),
                })}
              </p>
            )}
          </ProblemAlert>
        )}

        <fieldset className="checks">
          <legend>
            <h2>{t('supplierForm.identity')}</h2>
          </legend>
          <div className="fields">
            {text('name', t('supplierForm.fields.name'), form.name, (name) => set({ name }), {
              required: true,
              maxLength: 200,
            })}
            {text(
              'legalForm',
              t('supplierForm.fields.legalForm'),
              form.legalForm,
              (legalForm) => set({ legalForm }),
              {
                maxLength: 40,
              },
            )}
            {text('country', t('supplierForm.fields.country'), form.country, (country) => set({ country }), {
              required: true,
              maxLength: 2,
              hint: t('supplierForm.countryHint'),
            })}
            {text('siren', t('supplierForm.fields.siren'), form.siren, (siren) => set({ siren }), {
              maxLength: 20,
            })}
            {text('siret', t('supplierForm.fields.siret'), form.siret, (siret) => set({ siret }), {
              maxLength: 30,
              hint: t('supplierForm.siretHint'),
            })}
            {text(
              'vatNumber',
              t('supplierForm.fields.vatNumber'),
              form.vatNumber,
              (vatNumber) => set({ vatNumber }),
              {
                maxLength: 30,
              },
            )}
            {text('duns', t('supplierForm.fields.duns'), form.duns, (duns) => set({ duns }), {
              maxLength: 20,
            })}
          </div>
        </fieldset>

        <fieldset className="checks">
          <legend>
            <h2>{t('supplierForm.ordering')}</h2>
          </legend>
          <div className="fields">
            {text(
              'orderEmail',
              t('supplierForm.fields.orderEmail'),
              form.orderEmail,
              (orderEmail) => set({ orderEmail }),
              {
                type: 'email',
              },
            )}
            {text(
              'paymentTermsDays',
              t('supplierForm.fields.paymentTermsDays'),
              form.paymentTermsDays,
              (paymentTermsDays) => set({ paymentTermsDays }),
              { type: 'number', hint: t('supplierForm.paymentTermsHint') },
            )}
            <fieldset
              className="field checks"
              {...describedBy(`${id}-languages-error`, errorsOf('languages'))}
            >
              <legend>{t('supplierForm.fields.languages')}</legend>
              {(['fr', 'en'] as const).map((language) => (
                <label key={language}>
                  <input
                    type="checkbox"
                    checked={form.languages.includes(language)}
                    onChange={(event) =>
                      set({
                        languages: event.target.checked
                          ? [...form.languages, language]
                          : form.languages.filter((l) => l !== language),
                      })
                    }
                  />{' '}
                  {t(`supplierForm.languageNames.${language}`)}
                </label>
              ))}
              <FieldError id={`${id}-languages-error`} reasons={errorsOf('languages')} />
            </fieldset>
          </div>
        </fieldset>

        <fieldset className="checks">
          <legend>
            <h2>{t('supplierForm.address')}</h2>
          </legend>
          <div className="fields">
            {text('addressLine1', t('supplierForm.fields.addressLine1'), form.address.line1, (line1) =>
              set({ address: { ...form.address, line1 } }),
            )}
            {text(
              'addressPostalCode',
              t('supplierForm.fields.addressPostalCode'),
              form.address.postalCode,
              (postalCode) => set({ address: { ...form.address, postalCode } }),
            )}
            {text('addressCity', t('supplierForm.fields.addressCity'), form.address.city, (city) =>
              set({ address: { ...form.address, city } }),
            )}
            {text(
              'addressCountry',
              t('supplierForm.fields.addressCountry'),
              form.address.country,
              (country) => set({ address: { ...form.address, country } }),
              { maxLength: 2 },
            )}
          </div>
        </fieldset>

        <fieldset className="checks">
          <legend>
            <h2>{t('supplierForm.contact')}</h2>
          </legend>
          <div className="fields">
            {text('contactName', t('supplierForm.fields.contactName'), form.contact.name, (name) =>
              set({ contact: { ...form.contact, name } }),
            )}
            {text(
              'contactEmail',
              t('supplierForm.fields.contactEmail'),
              form.contact.email,
              (email) => set({ contact: { ...form.contact, email } }),
              { type: 'email' },
            )}
            {text(
              'contactPhone',
              t('supplierForm.fields.contactPhone'),
              form.contact.phone,
              (phone) => set({ contact: { ...form.contact, phone } }),
              { type: 'tel' },
            )}
            <div className="field">
              <label>
                <input
                  type="checkbox"
                  checked={form.contact.complianceContact}
                  onChange={(event) =>
                    set({ contact: { ...form.contact, complianceContact: event.target.checked } })
                  }
                  {...describedBy(`${id}-compliance-error`, errorsOf('contactComplianceContact'))}
                />{' '}
                {t('supplierForm.fields.contactComplianceContact')}
              </label>
              <FieldError id={`${id}-compliance-error`} reasons={errorsOf('contactComplianceContact')} />
            </div>
          </div>
          {(form.otherAddresses.length > 0 || form.otherContacts.length > 0) && (
            <p className="muted">
              {t('supplierForm.othersKept', {
                addresses: form.otherAddresses.length,
                contacts: form.otherContacts.length,
              })}
            </p>
          )}
        </fieldset>

        <fieldset className="checks">
          <legend>
            <h2>{t('supplierForm.scope')}</h2>
          </legend>
          <div className="fields">
            {text(
              'categoryCodes',
              t('supplierForm.fields.categoryCodes'),
              form.categoryCodes,
              (categoryCodes) => set({ categoryCodes }),
              { hint: t('supplierForm.categoriesHint') },
            )}
            <fieldset
              className="field checks"
              {...describedBy(`${id}-entities-error`, errorsOf('allowedEntities'))}
            >
              <legend>{t('supplierForm.fields.allowedEntities')}</legend>
              {form.entities.map((entity, index) => (
                <label key={entity.entityId}>
                  <input
                    type="checkbox"
                    checked={entity.allowed}
                    onChange={(event) =>
                      set({
                        entities: form.entities.map((e, i) =>
                          i === index ? { ...e, allowed: event.target.checked } : e,
                        ),
                      })
                    }
                  />{' '}
                  {entity.entityId === me.entityId
                    ? t('supplierForm.yourEntity')
                    : t('supplierForm.otherEntity', { id: entity.entityId })}
                  {entity.siteIds.length > 0
                    ? ` (${t('supplierForm.sites', { count: entity.siteIds.length })})`
                    : ` (${t('supplierForm.allSites')})`}
                </label>
              ))}
              <FieldError id={`${id}-entities-error`} reasons={errorsOf('allowedEntities')} />
            </fieldset>
          </div>
        </fieldset>

        <fieldset className="checks">
          <legend>
            <h2>{t('supplierForm.spend')}</h2>
          </legend>
          <div className="fields">
            {text('spendAmount', t('supplierForm.fields.spendAmount'), form.spendAmount, (spendAmount) =>
              set({ spendAmount }),
            )}
            {text('spendSource', t('supplierForm.fields.spendSource'), form.spendSource, (spendSource) =>
              set({ spendSource }),
            )}
          </div>
        </fieldset>

        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {supplier ? t('supplierForm.save') : t('supplierForm.create')}
          </button>
          <button type="button" className="btn" onClick={() => navigate(back)}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
