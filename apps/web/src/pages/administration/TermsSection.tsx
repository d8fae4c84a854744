import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson, type TermsDocument, termsPath } from '../../api.js';
import { LoadStatus } from '../../components/Problem.js';
import { formatCalendarDate, formatInstant } from '../../dates.js';
import { useApiData } from '../../use-api-data.js';
import { AnnexRulesPanel } from './AnnexRulesPanel.js';
import { TermsVersionForm } from './TermsVersionForm.js';

const statusClass = { in_force: 'status-active', upcoming: 'status-pending_approval', superseded: '' };

/**
 * The general purchasing terms (CGA) and the annexes: each document with its versions (when each
 * takes effect, who published it and when), the form to publish the next version of one, and the
 * rules that attach the annexes to orders.
 */
export function TermsSection() {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'fr';
  const id = useId();
  const documents = useApiData<{ documents: TermsDocument[] }>(termsPath);

  async function reload() {
    documents.setData(await getJson<{ documents: TermsDocument[] }>(termsPath));
  }

  const list = documents.data?.documents ?? [];
  return (
    <section aria-labelledby={`${id}-title`} className="panel" data-testid="terms-section">
      <h2 id={`${id}-title`}>{t('terms.title')}</h2>
      <p className="muted">{t('terms.intro')}</p>
      {documents.data ? (
        <>
          {list.length === 0 && <p className="muted">{t('terms.none')}</p>}
          {list.map((document) => (
            <section
              key={document.code}
              aria-labelledby={`${id}-${document.code}`}
              className="terms-document"
              data-testid="terms-document"
              data-code={document.code}
            >
              <h3 id={`${id}-${document.code}`}>
                {document.title[language]} <span className="mono">({document.code})</span>{' '}
                <span className="badge">
                  {t(document.kind === 'general_terms' ? 'terms.kind.generalTerms' : 'terms.kind.annex')}
                </span>
              </h3>
              <div className="table-wrap">
                <table className="table" aria-labelledby={`${id}-${document.code}`}>
                  <thead>
                    <tr>
                      <th scope="col">{t('terms.version')}</th>
                      <th scope="col">{t('terms.effectiveOn')}</th>
                      <th scope="col">{t('terms.status')}</th>
                      <th scope="col">{t('terms.versionTitle')}</th>
                      <th scope="col">{t('terms.publishedBy')}</th>
                      <th scope="col">{t('terms.publishedAt')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...document.versions].reverse().map((version) => (
                      <tr key={version.version} data-testid="terms-version" data-version={version.version}>
                        <td className="num">{version.version}</td>
                        <td>{formatCalendarDate(version.effectiveOn, language)}</td>
                        <td>
                          <span className={`badge ${statusClass[version.status]}`}>
                            {t(`terms.statuses.${version.status}`)}
                          </span>
                        </td>
                        <td>{version.title[language]}</td>
                        <td>{version.publishedBy.name}</td>
                        <td>{formatInstant(version.publishedAt, language, { time: true })}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ))}
          <TermsVersionForm documents={list} onPublished={() => void reload()} />
          <AnnexRulesPanel documents={list} />
        </>
      ) : (
        <LoadStatus error={documents.error} />
      )}
    </section>
  );
}
