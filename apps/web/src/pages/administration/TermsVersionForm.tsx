import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  getJson,
  previewTermsVersion,
  publishTermsVersion,
  type TermsDocument,
  type TermsVersion,
  termsVersionPath,
} from '../../api.js';
import { describedBy, FieldError, ProblemAlert } from '../../components/Problem.js';
import { formatCalendarDate } from '../../dates.js';
import {
  codeOf,
  emptyPublishForm,
  newAnnex,
  nextVersionOf,
  type PublishForm,
  publishBodyOf,
  publishFieldErrors,
  withTextOf,
} from '../../terms.js';
import { useAction } from '../../use-action.js';

type TextField = 'titleFr' | 'titleEn' | 'textFr' | 'textEn';

/**
 * Publishes the next version of the CGA, of an annex, or the first version of a new annex: when it
 * takes effect, its title and text in French and English (starting from the latest version's if
 * wanted). A draft can be printed on a sample order first. The API's problems appear by their fields.
 */
export function TermsVersionForm({
  documents,
  onPublished,
}: {
  documents: TermsDocument[];
  onPublished: () => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const id = useId();
  const [form, setForm] = useState<PublishForm>(emptyPublishForm);
  const [previewUrl, setPreviewUrl] = useState<string | null>(null);
  const { running, problem, notice, run } = useAction();
  const { byField, other } = publishFieldErrors(problem?.errors ?? []);
  const set = (change: Partial<PublishForm>) => setForm((f) => ({ ...f, ...change }));

  const code = codeOf(form);
  const version = nextVersionOf(form, documents);
  const current = documents.find((d) => d.code === code);
  const latest = current?.versions[current.versions.length - 1];
  const options = [
    ...(documents.some((d) => d.code === 'CGA') ? [] : [{ value: 'CGA', label: t('terms.form.cga') }]),
    ...documents.map((d) => ({ value: d.code, label: `${d.code} — ${d.title[language]}` })),
    { value: newAnnex, label: t('terms.form.newAnnex') },
  ];

  // The preview is a blob in memory: let it go when another replaces it or the form goes.
  useEffect(() => () => void (previewUrl && URL.revokeObjectURL(previewUrl)), [previewUrl]);

  function publish(event: FormEvent) {
    event.preventDefault();
    const body = publishBodyOf(form, documents);
    const day = body.effectiveOn ? formatCalendarDate(body.effectiveOn, language) : '—';
    if (!window.confirm(t('terms.form.confirm', { code: body.code, version: body.version, day }))) return;
    return run('publish', async () => {
      const published = await publishTermsVersion(body);
      setForm({ ...emptyPublishForm, document: published.code });
      setPreviewUrl(null);
      onPublished();
      return t('terms.form.published', {
        code: published.code,
        version: published.version,
        day: formatCalendarDate(published.effectiveOn, language),
      });
    });
  }

  const preview = (supplierLanguage: 'fr' | 'en') =>
    run(`preview-${supplierLanguage}`, async () => {
      const pdf = await previewTermsVersion(publishBodyOf(form, documents), supplierLanguage);
      setPreviewUrl(URL.createObjectURL(pdf));
    });

  const startFromLatest = () =>
    latest &&
    run('copy', async () => {
      const published = await getJson<TermsVersion>(termsVersionPath(latest.code, latest.version));
      setForm((f) => withTextOf(f, published));
      return t('terms.form.copied', { version: latest.version });
    });

  const text = (field: TextField, multiline: boolean) => (
    <div className={multiline ? 'field terms-text' : 'field'}>
      <label htmlFor={`${id}-${field}`}>{t(`terms.form.${field}`)}</label>
      {multiline ? (
        <textarea
          id={`${id}-${field}`}
          rows={12}
          value={form[field]}
          onChange={(event) => set({ [field]: event.target.value })}
          {...describedBy(`${id}-${field}-error`, byField[field])}
        />
      ) : (
        <input
          id={`${id}-${field}`}
          type="text"
          maxLength={200}
          value={form[field]}
          onChange={(event) => set({ [field]: event.target.value })}
          {...describedBy(`${id}-${field}-error`, byField[field])}
        />
      )}
      <FieldError id={`${id}-${field}-error`} reasons={byField[field]} />
    </div>
  );

  return (
    <form
      className="form terms-form"
      aria-labelledby={`${id}-title`}
      data-testid="terms-version-form"
      onSubmit={(event) => void publish(event)}
    >
      <h3 id={`${id}-title`}>{t('terms.form.title')}</h3>
      <p className="muted">{t('terms.form.intro')}</p>
      <div className="fields">
        <div className="field">
          <label htmlFor={`${id}-document`}>{t('terms.form.document')}</label>
          <select
            id={`${id}-document`}
            value={form.document}
            onChange={(event) => set({ document: event.target.value })}
            {...describedBy(`${id}-code-error`, form.document === newAnnex ? undefined : byField.code)}
          >
            {options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
          {form.document !== newAnnex && <FieldError id={`${id}-code-error`} reasons={byField.code} />}
        </div>
        {form.document === newAnnex && (
          <div className="field">
            <label htmlFor={`${id}-newCode`}>{t('terms.form.newCode')}</label>
            <input
              id={`${id}-newCode`}
              type="text"
              maxLength={40}
              placeholder={t('terms.form.newCodeHint')}
              value={form.newCode}
              onChange={(event) => set({ newCode: event.target.value })}
              {...describedBy(`${id}-code-error`, byField.code)}
            />
            <FieldError id={`${id}-code-error`} reasons={byField.code} />
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-version`}>{t('terms.form.version')}</label>
          <input
            id={`${id}-version`}
            data-testid="terms-next-version"
            readOnly
            size={4}
            value={version}
            {...describedBy(`${id}-version-error`, byField.version)}
          />
          <FieldError id={`${id}-version-error`} reasons={byField.version} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-effectiveOn`}>{t('terms.form.effectiveOn')}</label>
          <input
            id={`${id}-effectiveOn`}
            type="date"
            value={form.effectiveOn}
            onChange={(event) => set({ effectiveOn: event.target.value })}
            {...describedBy(`${id}-effectiveOn-error`, byField.effectiveOn)}
          />
          <FieldError id={`${id}-effectiveOn-error`} reasons={byField.effectiveOn} />
        </div>
      </div>
      {latest && (
        <div className="actions">
          <button
            type="button"
            className="btn"
            disabled={running !== null}
            onClick={() => void startFromLatest()}
          >
            {t('terms.form.startFrom', { version: latest.version })}
          </button>
        </div>
      )}
      <div className="fields">
        {text('titleFr', false)}
        {text('titleEn', false)}
      </div>
      <div className="fields">
        {text('textFr', true)}
        {text('textEn', true)}
      </div>
      <p className="muted">{t(code === 'CGA' ? 'terms.form.cgaHint' : 'terms.form.annexHint')}</p>
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={running !== null}>
          {t('terms.form.publish', { version })}
        </button>
        <button type="button" className="btn" disabled={running !== null} onClick={() => void preview('fr')}>
          {t('terms.form.previewFr')}
        </button>
        <button type="button" className="btn" disabled={running !== null} onClick={() => void preview('en')}>
          {t('terms.form.previewEn')}
        </button>
        {previewUrl && (
          <a href={previewUrl} target="_blank" rel="noreferrer" data-testid="terms-preview-link">
            {t('terms.form.openPreview')}
          </a>
        )}
      </div>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {problem && <ProblemAlert problem={problem} otherErrors={other} testId="terms-problem" />}
    </form>
  );
}
