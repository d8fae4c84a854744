import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type AnnexRule,
  annexRulesPath,
  changeAnnexRule,
  createAnnexRule,
  getJson,
  setAnnexRuleActive,
  type TermsDocument,
} from '../../api.js';
import { describedBy, FieldError, LoadStatus, ProblemAlert } from '../../components/Problem.js';
import { formatInstant } from '../../dates.js';
import { formatMoney } from '../../format.js';
import {
  type AnnexRuleForm,
  annexConditionPhrases,
  annexRuleBodyOf,
  annexRuleFieldErrors,
  annexRuleFormOf,
  emptyAnnexRuleForm,
} from '../../terms.js';
import { useAction } from '../../use-action.js';
import { useApiData } from '../../use-api-data.js';

interface AnnexRules {
  rules: AnnexRule[];
  lineFlags: string[];
}

type Editing = { rule: AnnexRule | null } | null;

/**
 * The rules that attach an annex to the orders meeting a condition (categories, flagged lines, the
 * supplier's country, a minimum amount), in plain words: create, change, activate or deactivate.
 */
export function AnnexRulesPanel({ documents }: { documents: TermsDocument[] }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const id = useId();
  const data = useApiData<AnnexRules>(annexRulesPath);
  const [editing, setEditing] = useState<Editing>(null);
  const { running, problem, notice, setNotice, run } = useAction();
  const annexes = documents.filter((d) => d.kind === 'annex');
  const annexTitle = (code: string) => annexes.find((a) => a.code === code)?.title[language] ?? code;

  const describe = (rule: AnnexRule) =>
    annexConditionPhrases(rule.when, {
      flag: (flag) => t(`terms.rules.flags.${flag}`, { defaultValue: flag }),
      money: (amount, currency) => formatMoney(amount, currency, language),
    })
      .map((p) => t(`terms.rules.conditions.${p.key}`, p.values ?? {}))
      .join(' ; ');

  async function reload() {
    data.setData(await getJson<AnnexRules>(annexRulesPath));
  }

  const toggle = (rule: AnnexRule) =>
    run(`${rule.id}-active`, async () => {
      try {
        await setAnnexRuleActive(rule.id, rule.version, !rule.active);
      } finally {
        await reload();
      }
      return t(rule.active ? 'terms.rules.deactivated' : 'terms.rules.activated', { id: rule.id });
    });

  return (
    <section aria-labelledby={`${id}-title`} className="terms-rules" data-testid="annex-rules">
      <h3 id={`${id}-title`}>{t('terms.rules.title')}</h3>
      <p className="muted">{t('terms.rules.intro')}</p>
      {data.data ? (
        <>
          {data.data.rules.length === 0 ? (
            <p className="muted">{t('terms.rules.none')}</p>
          ) : (
            <div className="table-wrap">
              <table className="table" aria-labelledby={`${id}-title`}>
                <thead>
                  <tr>
                    <th scope="col">{t('terms.rules.id')}</th>
                    <th scope="col">{t('terms.rules.annex')}</th>
                    <th scope="col">{t('terms.rules.when')}</th>
                    <th scope="col">{t('terms.rules.status')}</th>
                    <th scope="col">{t('terms.rules.lastChange')}</th>
                    <th scope="col">{t('terms.rules.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.data.rules.map((rule) => (
                    <tr key={rule.id} data-testid="annex-rule" className={rule.active ? '' : 'inactive'}>
                      <td className="mono">{rule.id}</td>
                      <td>{annexTitle(rule.annexCode)}</td>
                      <td data-testid="annex-rule-when">{describe(rule)}</td>
                      <td>
                        <span className={`badge ${rule.active ? 'status-active' : ''}`}>
                          {t(rule.active ? 'terms.rules.active' : 'terms.rules.inactive')}
                        </span>
                      </td>
                      <td>
                        {t('terms.rules.changed', {
                          version: rule.version,
                          who: rule.updatedBy.displayName ?? rule.updatedBy.userId,
                          when: formatInstant(rule.updatedAt, language, { time: true }),
                        })}
                      </td>
                      <td>
                        <div className="actions">
                          <button
                            type="button"
                            className="btn"
                            aria-label={t('terms.rules.editLabel', { id: rule.id })}
                            onClick={() => {
                              setNotice(null);
                              setEditing({ rule });
                            }}
                          >
                            {t('terms.rules.edit')}
                          </button>
                          <button
                            type="button"
                            className="btn"
                            aria-label={t(
                              rule.active ? 'terms.rules.deactivateLabel' : 'terms.rules.activateLabel',
                              {
                                id: rule.id,
                              },
                            )}
                            disabled={running !== null}
                            onClick={() => void toggle(rule)}
                          >
                            {t(rule.active ? 'terms.rules.deactivate' : 'terms.rules.activate')}
                          </button>
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {problem && <ProblemAlert problem={problem} />}
          {notice && (
            <p role="status" className="notice">
              {notice}
            </p>
          )}
          {editing === null ? (
            <div className="actions">
              <button
                type="button"
                className="btn"
                disabled={annexes.length === 0}
                onClick={() => {
                  setNotice(null);
                  setEditing({ rule: null });
                }}
              >
                {t('terms.rules.add')}
              </button>
              {annexes.length === 0 && <span className="muted">{t('terms.rules.noAnnex')}</span>}
            </div>
          ) : (
            <AnnexRuleEditor
              key={editing.rule?.id ?? 'new'}
              rule={editing.rule}
              annexes={annexes}
              lineFlags={data.data.lineFlags}
              onCancel={() => setEditing(null)}
              onSaved={(saved, created) => {
                setEditing(null);
                setNotice(t(created ? 'terms.rules.created' : 'terms.rules.saved', { id: saved.id }));
                void reload();
              }}
            />
          )}
        </>
      ) : (
        <LoadStatus error={data.error} />
      )}
    </section>
  );
}

/** Creates a rule, or changes `rule` at the version read. */
function AnnexRuleEditor({
  rule,
  annexes,
  lineFlags,
  onSaved,
  onCancel,
}: {
  rule: AnnexRule | null;
  annexes: TermsDocument[];
  lineFlags: string[];
  onSaved: (rule: AnnexRule, created: boolean) => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const id = useId();
  const [form, setForm] = useState<AnnexRuleForm>(
    rule ? annexRuleFormOf(rule) : emptyAnnexRuleForm(annexes[0]?.code ?? ''),
  );
  const { running, problem, run } = useAction();
  const { byField, other } = annexRuleFieldErrors(problem?.errors ?? []);
  const set = (change: Partial<AnnexRuleForm>) => setForm((f) => ({ ...f, ...change }));

  function submit(event: FormEvent) {
    event.preventDefault();
    return run('save', async () => {
      const body = annexRuleBodyOf(form);
      const saved = rule
        ? await changeAnnexRule(rule.id, rule.version, body)
        : await createAnnexRule({ ...body, id: form.id.trim(), active: form.active });
      onSaved(saved, rule === null);
    });
  }

  const text = (
    field:
      | 'id'
      | 'categoryPrefixes'
      | 'supplierCountries'
      | 'supplierCountriesExcept'
      | 'minimumAmount'
      | 'minimumCurrency',
    props: { maxLength?: number; hint?: string; inputMode?: 'decimal' } = {},
  ) => (
    <div className="field">
      <label htmlFor={`${id}-${field}`}>{t(`terms.rules.form.${field}`)}</label>
      <input
        id={`${id}-${field}`}
        type="text"
        value={form[field]}
        {...(props.maxLength ? { maxLength: props.maxLength } : {})}
        {...(props.hint ? { placeholder: props.hint } : {})}
        {...(props.inputMode ? { inputMode: props.inputMode } : {})}
        onChange={(event) => set({ [field]: event.target.value })}
        {...describedBy(`${id}-${field}-error`, byField[field])}
      />
      <FieldError id={`${id}-${field}-error`} reasons={byField[field]} />
    </div>
  );

  return (
    <form
      className="form rule-group"
      aria-labelledby={`${id}-title`}
      data-testid="annex-rule-form"
      onSubmit={(event) => void submit(event)}
    >
      <h4 id={`${id}-title`}>
        {rule ? t('terms.rules.form.editTitle', { id: rule.id }) : t('terms.rules.form.newTitle')}
      </h4>
      <div className="fields">
        {rule === null && text('id', { maxLength: 80, hint: t('terms.rules.form.idHint') })}
        <div className="field">
          <label htmlFor={`${id}-annexCode`}>{t('terms.rules.form.annexCode')}</label>
          <select
            id={`${id}-annexCode`}
            value={form.annexCode}
            onChange={(event) => set({ annexCode: event.target.value })}
            {...describedBy(`${id}-annexCode-error`, byField.annexCode)}
          >
            {annexes.map((annex) => (
              <option key={annex.code} value={annex.code}>
                {annex.code} — {annex.title[language]}
              </option>
            ))}
          </select>
          <FieldError id={`${id}-annexCode-error`} reasons={byField.annexCode} />
        </div>
        {rule === null && (
          <div className="field checks">
            <label>
              <input
                type="checkbox"
                checked={form.active}
                onChange={(event) => set({ active: event.target.checked })}
              />{' '}
              {t('terms.rules.form.active')}
            </label>
          </div>
        )}
      </div>
      <fieldset className="rule-group">
        <legend>{t('terms.rules.form.conditions')}</legend>
        <p className="muted">{t('terms.rules.form.conditionsHint')}</p>
        <div className="fields">
          {text('categoryPrefixes', { hint: t('terms.rules.form.categoryPrefixesHint') })}
          <fieldset className="field checks" {...describedBy(`${id}-lineFlags-error`, byField.lineFlags)}>
            <legend>{t('terms.rules.form.lineFlags')}</legend>
            {lineFlags.map((flag) => (
              <label key={flag}>
                <input
                  type="checkbox"
                  checked={form.lineFlags.includes(flag)}
                  onChange={(event) =>
                    set({
                      lineFlags: event.target.checked
                        ? [...form.lineFlags, flag]
                        : form.lineFlags.filter((f) => f !== flag),
                    })
                  }
                />{' '}
                {t(`terms.rules.flags.${flag}`, { defaultValue: flag })}
              </label>
            ))}
            <FieldError id={`${id}-lineFlags-error`} reasons={byField.lineFlags} />
          </fieldset>
        </div>
        <div className="fields">
          {text('supplierCountries', { hint: 'FR, BE' })}
          {text('supplierCountriesExcept', { hint: 'FR, DE, IT' })}
          {text('minimumAmount', { inputMode: 'decimal', hint: '0.00' })}
          {text('minimumCurrency', { maxLength: 3 })}
        </div>
      </fieldset>
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={running !== null}>
          {rule ? t('terms.rules.form.save') : t('terms.rules.form.create')}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t('terms.rules.form.cancel')}
        </button>
      </div>
      {byField.version && (
        <p className="field-error" role="alert">
          {t('terms.rules.form.stale')}
        </p>
      )}
      {problem && <ProblemAlert problem={problem} otherErrors={other} testId="annex-rule-problem" />}
    </form>
  );
}
