import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  approvalRuleChoicesPath,
  approvalRuleHistoryPath,
  approvalRulesPath,
  deleteApprovalRule,
  getJson,
  reorderApprovalRules,
  type Supplier,
  setApprovalRuleActive,
  suppliersPath,
} from '../../api.js';
import {
  type ApprovalRule,
  type ApprovalRuleChange,
  type ApprovalRuleChoices,
  approverPhrase,
  conditionPhrases,
  movedOrder,
  type RuleNames,
} from '../../approval-rules.js';
import { LoadStatus, ProblemAlert } from '../../components/Problem.js';
import { formatInstant } from '../../dates.js';
import { formatDecimal } from '../../format.js';
import type { Navigate } from '../../navigation.js';
import { useAction } from '../../use-action.js';
import { useApiData } from '../../use-api-data.js';
import { ApprovalRuleForm } from './ApprovalRuleForm.js';

type Editing = { rule: ApprovalRule | null } | null;

/**
 * The approval rules of the administrator's entity, in the order they are evaluated, in plain words;
 * global rules (every entity) are shown read-only. Create, change, (de)activate, delete an unused
 * rule, move a rule up or down, and read the history of changes.
 */
export function ApprovalRulesPage({ navigate }: { navigate: Navigate }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const id = useId();
  const rules = useApiData<{ rules: ApprovalRule[] }>(approvalRulesPath);
  const choices = useApiData<ApprovalRuleChoices>(approvalRuleChoicesPath);
  const suppliers = useApiData<{ suppliers: Supplier[] }>(`${suppliersPath}?pageSize=100`);
  const history = useApiData<{ changes: ApprovalRuleChange[] }>(approvalRuleHistoryPath);
  const [editing, setEditing] = useState<Editing>(null);
  const { running, problem, notice, setNotice, run } = useAction();

  const names: RuleNames = {
    person: (userId) => choices.data?.users.find((u) => u.userId === userId)?.displayName ?? userId,
    costCentre: (costCentreId) => {
      const found = choices.data?.costCentres.find((c) => c.costCentreId === costCentreId);
      return found ? `${found.code} (${found.name[language]})` : costCentreId;
    },
    supplier: (supplierId) => suppliers.data?.suppliers.find((s) => s.id === supplierId)?.name ?? supplierId,
    role: (role) => t(`roles.${role}`, { defaultValue: role }),
    amount: (value) => formatDecimal(value, language),
  };

  /** A rule in plain words: when it applies, and who approves the step it adds. */
  const describe = (rule: ApprovalRule) => {
    const approvers = approverPhrase(rule.step, names);
    return {
      conditions: conditionPhrases(rule.conditions, names)
        .map((p) => t(`approvalRules.conditions.${p.key}`, p.values ?? {}))
        .join(' ; '),
      approvers: [
        t(`approvalRules.approverPhrases.${approvers.key}`, approvers.values ?? {}),
        rule.step.label ? t('approvalRules.stepLabel', { label: rule.step.label }) : '',
      ]
        .filter(Boolean)
        .join(' — '),
    };
  };

  /** One version of a rule in a history entry. */
  const version = (rule: ApprovalRule | null) =>
    rule &&
    t('approvalRules.history.version', {
      name: rule.name,
      active: t(rule.active ? 'approvalRules.history.active' : 'approvalRules.history.inactive'),
      position: rule.position,
      conditions: describe(rule).conditions,
      approvers: describe(rule).approvers,
    });

  /** Reads the rules and the history again after a change (positions, versions, who changed what). */
  async function reload() {
    const [fresh, changes] = await Promise.all([
      getJson<{ rules: ApprovalRule[] }>(approvalRulesPath),
      getJson<{ changes: ApprovalRuleChange[] }>(approvalRuleHistoryPath),
    ]);
    rules.setData(fresh);
    history.setData(changes);
  }

  const act = (key: string, work: () => Promise<unknown>, message: string) =>
    run(key, async () => {
      try {
        await work();
      } finally {
        await reload();
      }
      return message;
    });

  const move = (rule: ApprovalRule, direction: 'up' | 'down') => {
    const order = rules.data && movedOrder(rules.data.rules, rule.id, direction);
    if (!order) return;
    return act(
      `${rule.id}-${direction}`,
      () => reorderApprovalRules(order),
      t('approvalRules.moved', { name: rule.name }),
    );
  };

  const list = rules.data?.rules ?? [];
  return (
    <section aria-labelledby={`${id}-title`} className="page">
      <p>
        <a
          href="/administration"
          onClick={(event) => {
            event.preventDefault();
            navigate('/administration');
          }}
        >
          {t('approvalRules.back')}
        </a>
      </p>
      <h1 id={`${id}-title`}>{t('approvalRules.title')}</h1>
      <p className="muted">{t('approvalRules.intro')}</p>

      <section aria-labelledby={`${id}-list`} className="panel">
        <h2 id={`${id}-list`}>{t('approvalRules.listTitle')}</h2>
        {rules.data && choices.data ? (
          <>
            {list.length === 0 && <p className="muted">{t('approvalRules.empty')}</p>}
            <ol className="rule-list" data-testid="approval-rules">
              {list.map((rule, index) => (
                <li key={rule.id} data-testid="approval-rule" className={rule.active ? '' : 'inactive'}>
                  <div className="rule-head">
                    <span className="rule-position">{index + 1}.</span>
                    <strong data-testid="approval-rule-name">{rule.name}</strong>
                    <span className="badge">{t(`approvalRules.kind.${rule.kind}`)}</span>
                    {rule.global && <span className="badge">{t('approvalRules.global')}</span>}
                    {!rule.active && (
                      <span className="badge status-blocked" data-testid="approval-rule-inactive">
                        {t('approvalRules.inactive')}
                      </span>
                    )}
                  </div>
                  <p data-testid="approval-rule-conditions">
                    {t('approvalRules.when')} {describe(rule).conditions}
                  </p>
                  <p data-testid="approval-rule-approvers">
                    {t('approvalRules.approvers')} {describe(rule).approvers}
                  </p>
                  {!rule.global && (
                    <div className="actions">
                      <button
                        type="button"
                        className="btn"
                        aria-label={t('approvalRules.moveUpLabel', { name: rule.name })}
                        disabled={running !== null || index === 0}
                        onClick={() => void move(rule, 'up')}
                      >
                        {t('approvalRules.moveUp')}
                      </button>
                      <button
                        type="button"
                        className="btn"
                        aria-label={t('approvalRules.moveDownLabel', { name: rule.name })}
                        disabled={running !== null || index === list.length - 1}
                        onClick={() => void move(rule, 'down')}
                      >
                        {t('approvalRules.moveDown')}
                      </button>
                      <button
                        type="button"
                        className="btn"
                        aria-label={t('approvalRules.editLabel', { name: rule.name })}
                        onClick={() => {
                          setNotice(null);
                          setEditing({ rule });
                        }}
                      >
                        {t('approvalRules.edit')}
                      </button>
                      <button
                        type="button"
                        className="btn"
                        aria-label={t(
                          rule.active ? 'approvalRules.deactivateLabel' : 'approvalRules.activateLabel',
                          {
                            name: rule.name,
                          },
                        )}
                        disabled={running !== null}
                        onClick={() =>
                          void act(
                            `${rule.id}-active`,
                            () => setApprovalRuleActive(rule.id, rule.version, !rule.active),
                            t(rule.active ? 'approvalRules.deactivated' : 'approvalRules.activated', {
                              name: rule.name,
                            }),
                          )
                        }
                      >
                        {t(rule.active ? 'approvalRules.deactivate' : 'approvalRules.activate')}
                      </button>
                      {rule.usedByRequests ? (
                        <span className="muted">{t('approvalRules.used')}</span>
                      ) : (
                        <button
                          type="button"
                          className="btn btn-danger"
                          aria-label={t('approvalRules.deleteLabel', { name: rule.name })}
                          disabled={running !== null}
                          onClick={() => {
                            if (!window.confirm(t('approvalRules.confirmDelete', { name: rule.name })))
                              return;
                            void act(
                              `${rule.id}-delete`,
                              () => deleteApprovalRule(rule.id, rule.version),
                              t('approvalRules.deleted', { name: rule.name }),
                            );
                          }}
                        >
                          {t('approvalRules.delete')}
                        </button>
                      )}
                    </div>
                  )}
                </li>
              ))}
            </ol>
            {problem && <ProblemAlert problem={problem} />}
            {notice && (
              <p role="status" className="notice">
                {notice}
              </p>
            )}
            {editing === null && (
              <div className="actions">
                <button
                  type="button"
                  className="btn btn-primary"
                  onClick={() => {
                    setNotice(null);
                    setEditing({ rule: null });
                  }}
                >
                  {t('approvalRules.add')}
                </button>
              </div>
            )}
          </>
        ) : (
          <LoadStatus error={rules.error ?? choices.error} />
        )}
      </section>

      {editing && choices.data && (
        <ApprovalRuleForm
          key={editing.rule?.id ?? 'new'}
          rule={editing.rule}
          choices={choices.data}
          suppliers={suppliers.data?.suppliers ?? []}
          onCancel={() => setEditing(null)}
          onSaved={(saved, created) => {
            setEditing(null);
            setNotice(t(created ? 'approvalRules.created' : 'approvalRules.saved', { name: saved.name }));
            void reload();
          }}
        />
      )}

      <section aria-labelledby={`${id}-history`} className="panel">
        <h2 id={`${id}-history`}>{t('approvalRules.history.title')}</h2>
        {history.data ? (
          history.data.changes.length === 0 ? (
            <p className="muted">{t('approvalRules.history.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table className="table" aria-labelledby={`${id}-history`} data-testid="approval-rule-history">
                <thead>
                  <tr>
                    <th scope="col">{t('approvalRules.history.when')}</th>
                    <th scope="col">{t('approvalRules.history.who')}</th>
                    <th scope="col">{t('approvalRules.history.what')}</th>
                    <th scope="col">{t('approvalRules.history.rule')}</th>
                    <th scope="col">{t('approvalRules.history.before')}</th>
                    <th scope="col">{t('approvalRules.history.after')}</th>
                  </tr>
                </thead>
                <tbody>
                  {history.data.changes.map((change) => (
                    <tr key={change.id} data-testid="approval-rule-change">
                      <td>{formatInstant(change.changedAt, language, { time: true })}</td>
                      <td>{change.actor.name}</td>
                      <td>{t(`approvalRules.history.actions.${change.action}`)}</td>
                      <td>{change.after?.name ?? change.before?.name}</td>
                      <td>{version(change.before) ?? '—'}</td>
                      <td>{version(change.after) ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        ) : (
          <LoadStatus error={history.error} />
        )}
      </section>
    </section>
  );
}
