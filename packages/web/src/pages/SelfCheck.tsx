import { useEffect, useState } from 'react';
import { useLookups } from '../components/problems';
import { ErrorBanner, Field, IssueScope, Loading, PageHeader } from '../components/ui';
import { useI18n, useSession } from '../context';
import { isMessageKey } from '../i18n';
import { Link } from '../router';
import type { RaisedProblem } from '../types';

interface Answer {
  text: string;
  /** The problem this answer became, once raised. */
  raised?: { problemId: string; title: string; text: string };
}

const draftKey = (userId: string) => `zf.selfCheck.${userId}`;

function loadDrafts(userId: string): Record<string, Answer> {
  try {
    return JSON.parse(localStorage.getItem(draftKey(userId)) ?? '{}') as Record<string, Answer>;
  } catch {
    return {};
  }
}

/**
 * 四问自查: the cadre answers one question per aspect of the township (the "四问" by default). Each answer
 * becomes a "self" problem (自己查) filed under its aspect in one click. Drafts stay in this browser until
 * they are raised.
 */
export function SelfCheckPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const lookups = useLookups();
  const [answers, setAnswers] = useState<Record<string, Answer>>(() => loadDrafts(me.userId));
  useEffect(() => {
    try {
      localStorage.setItem(draftKey(me.userId), JSON.stringify(answers));
    } catch {
      // Storage off: the drafts last as long as the page.
    }
  }, [answers, me.userId]);

  return (
    <>
      <PageHeader title={t('selfCheck.title')} intro={t('selfCheck.intro')} />
      <ErrorBanner error={lookups.error} />
      {lookups.loading ? <Loading /> : null}
      {!lookups.loading && !lookups.error && !lookups.me ? (
        <div className="alert alert-info">{t('raise.noPerson')}</div>
      ) : null}
      {!lookups.loading && lookups.me ? (
        <div className="self-check">
          {lookups.aspects.map((a) => (
            <AspectAnswer
              key={a.id}
              aspectId={a.id}
              name={a.name}
              answer={answers[a.id] ?? { text: '' }}
              onChange={(next) => setAnswers((all) => ({ ...all, [a.id]: next }))}
            />
          ))}
        </div>
      ) : null}
    </>
  );
}

function AspectAnswer({
  aspectId,
  name,
  answer,
  onChange,
}: {
  aspectId: string;
  name: string;
  answer: Answer;
  onChange: (a: Answer) => void;
}) {
  const { t } = useI18n();
  const { api } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const hintKey = `selfCheck.q.${aspectId}`;
  const text = answer.text;
  const unchanged = answer.raised && answer.raised.text === text.trim();

  const raise = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const p = await api.post<RaisedProblem>('/problems', {
        source: 'self',
        aspectId,
        description: text.trim(),
        causes: [],
        directions: [],
      });
      onChange({ text, raised: { problemId: p.problemId, title: p.title, text: text.trim() } });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel aspect-answer" aria-label={t('selfCheck.aspect', { name })}>
      <IssueScope error={error}>
        <Field
          label={t('selfCheck.aspect', { name })}
          hint={isMessageKey(hintKey) ? t(hintKey) : undefined}
          name="description"
        >
          {(p) => (
            <textarea
              {...p}
              rows={4}
              maxLength={2000}
              placeholder={t('selfCheck.placeholder', { name })}
              value={text}
              onChange={(e) => onChange({ ...answer, text: e.target.value })}
            />
          )}
        </Field>
        <ErrorBanner error={error} />
        <div className="form-actions">
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy || text.trim().length < 4 || !!unchanged}
            aria-label={t('selfCheck.raiseLabel', { name })}
            onClick={raise}
          >
            {busy ? t('common.saving') : t('selfCheck.raise')}
          </button>
          {answer.raised ? (
            <span className="muted" role="status">
              {t('selfCheck.raised')}
              <Link to={`/problems/${encodeURIComponent(answer.raised.problemId)}`}>
                {answer.raised.title}
              </Link>
            </span>
          ) : null}
        </div>
      </IssueScope>
    </section>
  );
}
