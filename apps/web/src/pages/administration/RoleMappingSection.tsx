import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type RoleMapping, roleMappingsPath, roles, saveRoleMappings } from '../../api.js';
import { LoadStatus, ProblemAlert } from '../../components/Problem.js';
import {
  addGroup,
  hasUnsavedChanges,
  mappingErrorsByRow,
  removeGroup,
  roleMappingPayload,
  withRole,
} from '../../role-mapping.js';
import { useAction } from '../../use-action.js';
import { useApiData } from '../../use-api-data.js';

/** One row per identity-provider group, one checkbox per role; saved whole, refused whole by the API. */
export function RoleMappingSection() {
  const { t } = useTranslation();
  const id = useId();
  const { data, error, setData } = useApiData<{ mappings: RoleMapping[] }>(roleMappingsPath);
  const [saved, setSaved] = useState<RoleMapping[] | null>(null);
  const [newGroup, setNewGroup] = useState('');
  const [addError, setAddError] = useState<string | null>(null);
  const { running, problem, notice, setProblem, setNotice, run } = useAction();

  // What was last read or saved, to tell the administrator when the table holds unsaved changes.
  if (data && saved === null) setSaved(data.mappings);

  const rows = data?.mappings ?? null;
  const { byRow, other } = mappingErrorsByRow(problem?.errors ?? []);
  const unsaved = rows !== null && saved !== null && hasUnsavedChanges(rows, saved);

  const edit = (change: (mappings: RoleMapping[]) => RoleMapping[]) => {
    setNotice(null);
    setData((d) => d && { mappings: change(d.mappings) });
  };

  function add() {
    if (!rows) return;
    const result = addGroup(rows, newGroup);
    if (result.error) {
      setAddError(
        result.error === 'empty'
          ? t('admin.mapping.emptyGroup')
          : t('admin.mapping.duplicateGroup', { group: newGroup.trim() }),
      );
      return;
    }
    setAddError(null);
    setProblem(null); // the API's row numbers no longer match the table
    setNewGroup('');
    edit(() => result.rows);
  }

  function save() {
    if (!rows) return;
    return run('save', async () => {
      const result = await saveRoleMappings(roleMappingPayload(rows));
      setData(result);
      setSaved(result.mappings);
      return t('admin.mapping.saved');
    });
  }

  return (
    <section aria-labelledby={`${id}-title`} className="panel">
      <h2 id={`${id}-title`}>{t('admin.mapping.title')}</h2>
      <p className="muted">{t('admin.mapping.intro')}</p>
      {rows ? (
        <>
          <div className="table-wrap">
            <table className="table" aria-labelledby={`${id}-title`} data-testid="role-mappings">
              <thead>
                <tr>
                  <th scope="col">{t('admin.mapping.group')}</th>
                  {roles.map((role) => (
                    <th scope="col" key={role} className="check">
                      {t(`roles.${role}`)}
                    </th>
                  ))}
                  <th scope="col">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row, index) => {
                  const reasons = byRow.get(index);
                  return (
                    <tr key={row.idpGroup} data-testid="role-mapping-row">
                      <th scope="row">
                        <span className="mono">{row.idpGroup}</span>
                        {reasons && (
                          <span className="field-error" id={`${id}-row-${index}-error`}>
                            {reasons.join(' ; ')}
                          </span>
                        )}
                      </th>
                      {roles.map((role) => (
                        <td key={role} className="check">
                          <input
                            type="checkbox"
                            checked={row.roles.includes(role)}
                            aria-label={t('admin.mapping.roleFor', {
                              role: t(`roles.${role}`),
                              group: row.idpGroup,
                            })}
                            {...(reasons ? { 'aria-describedby': `${id}-row-${index}-error` } : {})}
                            onChange={(event) => {
                              const granted = event.target.checked;
                              edit((mappings) => withRole(mappings, row.idpGroup, role, granted));
                            }}
                          />
                        </td>
                      ))}
                      <td>
                        <button
                          type="button"
                          className="btn"
                          aria-label={t('admin.mapping.removeLabel', { group: row.idpGroup })}
                          onClick={() => {
                            setProblem(null);
                            edit((mappings) => removeGroup(mappings, row.idpGroup));
                          }}
                        >
                          {t('admin.mapping.remove')}
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
              <tfoot>
                <tr>
                  <td colSpan={roles.length + 1}>
                    <div className="add-row">
                      <label htmlFor={`${id}-new-group`}>{t('admin.mapping.newGroup')}</label>
                      <input
                        id={`${id}-new-group`}
                        type="text"
                        value={newGroup}
                        maxLength={256}
                        placeholder={t('admin.mapping.newGroupPlaceholder')}
                        onChange={(event) => {
                          setNewGroup(event.target.value);
                          setAddError(null);
                        }}
                        onKeyDown={(event) => {
                          if (event.key === 'Enter') {
                            event.preventDefault();
                            add();
                          }
                        }}
                        {...(addError
                          ? { 'aria-invalid': true, 'aria-describedby': `${id}-new-group-error` }
                          : {})}
                      />
                      {addError && (
                        <span className="field-error" id={`${id}-new-group-error`}>
                          {addError}
                        </span>
                      )}
                    </div>
                  </td>
                  <td>
                    <button type="button" className="btn" onClick={add}>
                      {t('admin.mapping.add')}
                    </button>
                  </td>
                </tr>
              </tfoot>
            </table>
          </div>
          {rows.length === 0 && <p className="muted">{t('admin.mapping.empty')}</p>}
          <div className="actions">
            <button
              type="button"
              className="btn btn-primary"
              disabled={running !== null}
              onClick={() => void save()}
            >
              {t('admin.mapping.save')}
            </button>
            {unsaved && <span className="muted">{t('admin.mapping.unsaved')}</span>}
          </div>
          {problem && <ProblemAlert problem={problem} otherErrors={other} />}
          {notice && (
            <p role="status" className="notice">
              {notice}
            </p>
          )}
        </>
      ) : (
        <LoadStatus error={error} />
      )}
    </section>
  );
}
