import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { changeApprovalRule, createApprovalRule, type Supplier } from '../../api.js';
import {
  type ApprovalRule,
  type ApprovalRuleChoices,
  emptyRuleForm,
  type RuleForm,
  ruleBodyOf,
  ruleFieldErrors,
  ruleFormOf,
  toggled,
} from '../../approval-rules.js';
import { describedBy, FieldError, ProblemAlert } from '../../components/Problem.js';
import { useAction } from '../../use-action.js';

const approverKinds = ['manager_chain', 'cost_centre_manager', 'role', 'users'] as const;

/** A list of checkboxes for picking several values (cost centres, suppliers, people). */
function Picker({
  id,
  legend,
  options,
  picked,
  reasons,
  onChange,
}: {
  id: string;
  legend: string;
  options: { value: string; label: string }[];
  picked: string[];
  reasons: string[] | undefined;
  onChange: (picked: string[]) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="field checks picker" {...describedBy(`${id}-error`, reasons)}>
      <legend>{legend}</legend>
      {options.length === 0 && <span className="muted">{t('approvalRules.form.noChoice')}</span>}
      {options.map((option) => (
        <label key={option.value}>
          <input
            type="checkbox"
            checked={picked.includes(option.value)}
            onChange={(event) => onChange(toggled(picked, option.value, event.target.checked))}
          />{' '}
          {option.label}
        </label>
      ))}
      <FieldError id={`${id}-error`} reasons={reasons} />
    </fieldset>
  );
}

/** Creates a rule, or changes `rule` at the version read; the API's problems appear by their fields. */
export function ApprovalRuleForm({
  rule,
  choices,
  suppliers,
  onSaved,
  onCancel,
}: {
  rule: ApprovalRule | null;
  choices: ApprovalRuleChoices;
  suppliers: Supplier[];
  onSaved: (rule: ApprovalRule, created: boolean) => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const id = useId();
  const [form, setForm] = useState<RuleForm>(rule ? ruleFormOf(rule) : emptyRuleForm);
  const { running, problem, run } = useAction();
  const { byField, other } = ruleFieldErrors(problem?.errors ?? []);
  const set = (change: Partial<RuleForm>) => setForm((f) => ({ ...f, ...change }));
  const people = choices.users.map((u) => ({ value: u.userId, label: u.displayName }));

  function submit(event: FormEvent) {
    event.preventDefault();
    return run('save', async () => {
      const body = ruleBodyOf(form);
      const saved = rule
        ? await changeApprovalRule(rule.id, rule.version, body)
        : await createApprovalRule(body);
      onSaved(saved, rule === null);
    });
  }

  const text = (
    field: 'name' | 'label' | 'minAmount' | 'maxAmount' | 'categoryCodes',
    props: { maxLength?: number; inputMode?: 'decimal'; hint?: string } = {},
  ) => (
    <div className="field">
      <label htmlFor={`${id}-${field}`}>{t(`approvalRules.form.${field}`)}</label>
      <input
        id={`${id}-${field}`}
        type="text"
        value={form[field]}
        {...(props.maxLength ? { maxLength: props.maxLength } : {})}
        {...(props.inputMode ? { inputMode: props.inputMode } : {})}
        {...(props.hint ? { placeholder: props.hint } : {})}
        onChange={(event) => set({ [field]: event.target.value })}
        {...describedBy(`${id}-${field}-error`, byField[field])}
      />
      <FieldError id={`${id}-${field}-error`} reasons={byField[field]} />
    </div>
  );

  const select = <F extends 'kind' | 'mode' | 'budgetState' | 'freeTextLines' | 'role'>(
    field: F,
    options: { value: string; label: string }[],
  ) => (
    <div className="field">
      <label htmlFor={`${id}-${field}`}>{t(`approvalRules.form.${field}`)}</label>
      <select
        id={`${id}-${field}`}
        value={form[field]}
        onChange={(event) => set({ [field]: event.target.value } as Partial<RuleForm>)}
        {...describedBy(`${id}-${field}-error`, byField[field])}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldError id={`${id}-${field}-error`} reasons={byField[field]} />
    </div>
  );

  return (
    <form
      className="form panel"
      aria-labelledby={`${id}-title`}
      data-testid="approval-rule-form"
      onSubmit={(event) => void submit(event)}
    >
      <h2 id={`${id}-title`}>
        {rule ? t('approvalRules.form.editTitle', { name: rule.name }) : t('approvalRules.form.newTitle')}
      </h2>
      <div className="fields">
        {text('name', { maxLength: 200 })}
        {text('label', { maxLength: 100, hint: t('approvalRules.form.labelHint') })}
        {select('kind', [
          { value: 'blocking', label: t('approvalRules.kind.blocking') },
          { value: 'warning', label: t('approvalRules.kind.warning') },
        ])}
      </div>

      <fieldset className="rule-group">
        <legend>{t('approvalRules.form.conditions')}</legend>
        <p className="muted">{t('approvalRules.form.conditionsHint')}</p>
        <div className="fields">
          {text('minAmount', { inputMode: 'decimal', hint: '0.00' })}
          {text('maxAmount', { inputMode: 'decimal', hint: '0.00' })}
          {text('categoryCodes', { hint: t('approvalRules.form.categoryCodesHint') })}
          {select('budgetState', [
            { value: '', label: t('approvalRules.form.any') },
            { value: 'within', label: t('approvalRules.form.budgetWithin') },
            { value: 'over', label: t('approvalRules.form.budgetOver') },
          ])}
          {select('freeTextLines', [
            { value: '', label: t('approvalRules.form.any') },
            { value: 'with', label: t('approvalRules.form.freeTextWith') },
            { value: 'without', label: t('approvalRules.form.freeTextWithout') },
          ])}
        </div>
        <div className="fields">
          <Picker
            id={`${id}-costCentres`}
            legend={t('approvalRules.form.costCentreIds')}
            options={choices.costCentres.map((c) => ({
              value: c.costCentreId,
              label: `${c.code} — ${c.name[language]}`,
            }))}
            picked={form.costCentreIds}
            reasons={byField.costCentreIds}
            onChange={(costCentreIds) => set({ costCentreIds })}
          />
          <Picker
            id={`${id}-suppliers`}
            legend={t('approvalRules.form.supplierIds')}
            options={suppliers.map((s) => ({ value: s.id, label: s.name }))}
            picked={form.supplierIds}
            reasons={byField.supplierIds}
            onChange={(supplierIds) => set({ supplierIds })}
          />
          <Picker
            id={`${id}-requesters`}
            legend={t('approvalRules.form.requesterIds')}
            options={people}
            picked={form.requesterIds}
            reasons={byField.requesterIds}
            onChange={(requesterIds) => set({ requesterIds })}
          />
        </div>
      </fieldset>

      <fieldset className="rule-group">
        <legend>{t('approvalRules.form.approvers')}</legend>
        <fieldset className="field checks" {...describedBy(`${id}-approverKind-error`, byField.approverKind)}>
          <legend>{t('approvalRules.form.approverKind')}</legend>
          {approverKinds.map((kind) => (
            <label key={kind}>
              <input
                type="radio"
                name={`${id}-approverKind`}
                checked={form.approverKind === kind}
                onChange={() => set({ approverKind: kind })}
              />{' '}
              {t(`approvalRules.form.approverKinds.${kind}`)}
            </label>
          ))}
          <FieldError id={`${id}-approverKind-error`} reasons={byField.approverKind} />
        </fieldset>
        <div className="fields">
          {form.approverKind === 'role' &&
            select('role', [
              { value: '', label: t('approvalRules.form.chooseRole') },
              ...choices.roles.map((role) => ({
                value: role,
                label: t(`roles.${role}`, { defaultValue: role }),
              })),
            ])}
          {form.approverKind === 'users' && (
            <Picker
              id={`${id}-people`}
              legend={t('approvalRules.form.userIds')}
              options={people}
              picked={form.userIds}
              reasons={byField.userIds}
              onChange={(userIds) => set({ userIds })}
            />
          )}
          {(form.approverKind === 'role' || form.approverKind === 'users') &&
            select('mode', [
              { value: 'any', label: t('approvalRules.form.modeAny') },
              { value: 'all', label: t('approvalRules.form.modeAll') },
            ])}
        </div>
      </fieldset>

      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={running !== null}>
          {rule ? t('approvalRules.form.save') : t('approvalRules.form.create')}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t('approvalRules.form.cancel')}
        </button>
      </div>
      {byField.version && (
        <p className="field-error" role="alert">
          {t('approvalRules.stale')}
        </p>
      )}
      {problem && <ProblemAlert problem={problem} otherErrors={other} testId="approval-rule-problem" />}
    </form>
  );
}
