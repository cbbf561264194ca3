import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiProblem, newIdempotencyKey, useCatalog } from '../api/client';
import { localized } from '../api/catalog';
import type { Localized } from '../api/types';
import { useSession } from '../auth/session';
import { FormField } from '../components/FormField';
import { ProblemAlert } from '../components/ProblemAlert';
import { useDocumentTitle } from '../components/useDocumentTitle';

const LANGS = ['kk', 'ru', 'en'] as const;
type Lang = (typeof LANGS)[number];

interface Candidate {
  appealId: string;
  subject: string;
  answer: { text: string; language: string } | null;
  entryId: string | null;
}
interface Entry {
  entryId: string;
  question: Partial<Localized>;
  appealCount: number;
}

/** Only the languages written in, trimmed. */
const written = (texts: Record<Lang, string>) =>
  Object.fromEntries(LANGS.filter((l) => texts[l].trim() !== '').map((l) => [l, texts[l].trim()]));
const empty = (): Record<Lang, string> => ({ kk: '', ru: '', en: '' });

/** The press's form for one answered appeal: the public question and answer, in its own words, in up to three languages. */
function PublishForm({
  candidate,
  token,
  onDone,
}: {
  candidate: Candidate;
  token: string;
  onDone: () => void;
}) {
  const { t } = useTranslation('public');
  const [question, setQuestion] = useState(empty);
  const [answer, setAnswer] = useState(empty);
  const [problem, setProblem] = useState<ApiProblem>();
  const [key] = useState(newIdempotencyKey);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const body = {
        sourceAppealId: candidate.appealId,
        question: written(question),
        answer: written(answer),
      };
      await api('/faq/entries', { token, body, idempotencyKey: key });
      onDone();
    } catch (err) {
      if (err instanceof ApiProblem) setProblem(err);
    }
  };
  const id = (what: string, lang: Lang) => `${what}-${lang}-${candidate.appealId}`;
  return (
    <form onSubmit={submit} noValidate aria-label={t('faqDesk.formLabel', { subject: candidate.subject })}>
      <p className="hint">{t('faqDesk.ownWords')}</p>
      <ProblemAlert problem={problem} focus />
      {LANGS.map((lang) => (
        <fieldset key={lang}>
          <legend>{t(`faqDesk.lang.${lang}`)}</legend>
          <FormField
            id={id('q', lang)}
            label={t('faqDesk.question')}
            field={`body.question.${lang}`}
            problem={problem}
          >
            {(a11y) => (
              <input
                {...a11y}
                value={question[lang]}
                onChange={(e) => setQuestion({ ...question, [lang]: e.target.value })}
              />
            )}
          </FormField>
          <FormField
            id={id('a', lang)}
            label={t('faqDesk.answer')}
            field={`body.answer.${lang}`}
            problem={problem}
          >
            {(a11y) => (
              <textarea
                {...a11y}
                rows={3}
                value={answer[lang]}
                onChange={(e) => setAnswer({ ...answer, [lang]: e.target.value })}
              />
            )}
          </FormField>
        </fieldset>
      ))}
      <button type="submit">{t('faqDesk.publish')}</button>
    </form>
  );
}

/** A category's candidates and published entries, reloaded after each change; linking an appeal to an entry. */
function useDesk(categoryId: string, token: string) {
  const { t } = useTranslation('public');
  const [candidates, setCandidates] = useState<Candidate[]>();
  const [entries, setEntries] = useState<Entry[]>([]);
  const [status, setStatus] = useState('');
  const [problem, setProblem] = useState<ApiProblem>();
  const load = useCallback(async () => {
    try {
      const [c, f] = await Promise.all([
        api<{ items: Candidate[] }>('/faq/candidates', { token, query: { categoryId, limit: 20 } }),
        api<{ categories: Array<{ entries: Entry[] }> }>('/faq', { query: { categoryId, limit: 100 } }),
      ]);
      setCandidates(c.items);
      setEntries(f.categories[0]?.entries ?? []);
    } catch (err) {
      if (err instanceof ApiProblem) setProblem(err);
    }
  }, [categoryId, token]);
  useEffect(() => void load(), [load]);
  const link = async (entryId: string, appealId: string) => {
    try {
      const body = { appealIds: [appealId] };
      await api(`/faq/entries/${entryId}/link`, { token, body, idempotencyKey: newIdempotencyKey() });
      setStatus(t('faqDesk.linked'));
      await load();
    } catch (err) {
      if (err instanceof ApiProblem) setProblem(err);
    }
  };
  const published = () => {
    setStatus(t('faqDesk.published'));
    void load();
  };
  return { candidates, entries, status, problem, link, published };
}

/** One answered appeal: its subject and the answer sent, and what the press may do with it. */
function CandidateCard(props: {
  candidate: Candidate;
  entries: Entry[];
  token: string;
  link: (entryId: string, appealId: string) => Promise<void>;
  published: () => void;
}) {
  const { t, i18n } = useTranslation('public');
  const [open, setOpen] = useState(false);
  const { candidate: c, entries } = props;
  const question = (entryId: string) =>
    localized(
      entries.find((e) => e.entryId === entryId)?.question as Localized,
      i18n.resolvedLanguage,
      entryId,
    );
  return (
    <article className="faq-candidate" aria-labelledby={`cand-${c.appealId}`}>
      <h2 id={`cand-${c.appealId}`}>{c.subject}</h2>
      <blockquote>{c.answer?.text}</blockquote>
      {c.entryId ? (
        <p>{t('faqDesk.inEntry', { question: question(c.entryId) })}</p>
      ) : (
        <div className="actions">
          <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
            {t('faqDesk.write')}
          </button>
          {entries.map((e) => (
            <button key={e.entryId} type="button" onClick={() => void props.link(e.entryId, c.appealId)}>
              {t('faqDesk.link', { question: question(e.entryId) })}
            </button>
          ))}
        </div>
      )}
      {open ? (
        <PublishForm
          candidate={c}
          token={props.token}
          onDone={() => {
            setOpen(false);
            props.published();
          }}
        />
      ) : null}
    </article>
  );
}

/**
 * The press's FAQ desk (docs/faq.md): a category's answered appeals — subject and the answer sent, never the applicant
 * or the appeal's text — each published as a new entry in the press's own words, or linked to a published entry
 * (which counts it: the FAQ's order follows how many appeals an entry answers).
 */
export function FaqDesk() {
  const { t, i18n } = useTranslation('public');
  useDocumentTitle(t('faqDesk.title'));
  const token = useSession().user?.token ?? '';
  const { catalog } = useCatalog();
  const [categoryId, setCategoryId] = useState('housing_utilities');
  const desk = useDesk(categoryId, token);
  return (
    <section aria-labelledby="desk-title">
      <h1 id="desk-title">{t('faqDesk.title')}</h1>
      <p className="lead">{t('faqDesk.lead')}</p>
      <FormField id="desk-category" label={t('faqDesk.category')} field="query.categoryId">
        {(a11y) => (
          <select {...a11y} value={categoryId} onChange={(e) => setCategoryId(e.target.value)}>
            {catalog?.categories.map((c) => (
              <option key={c.id} value={c.id}>
                {localized(c.name, i18n.resolvedLanguage, c.id)}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <p role="status">{desk.status}</p>
      <ProblemAlert problem={desk.problem} />
      {desk.candidates?.length === 0 ? <p>{t('faqDesk.none')}</p> : null}
      {desk.candidates?.map((c) => (
        <CandidateCard
          key={c.appealId}
          candidate={c}
          entries={desk.entries}
          token={token}
          link={desk.link}
          published={desk.published}
        />
      ))}
    </section>
  );
}
