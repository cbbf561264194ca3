import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiProblem } from '../api/client';
import { ProblemAlert } from '../components/ProblemAlert';
import { useSession } from '../auth/session';
import { formatDate, formatInstant, fromLocalInput, offsetLabel, toLocalInput } from '../console/format';
import { AgencyName, TimelineTable } from '../console/parts';
import { DEFAULT_OFFSET } from '../console/ui';
import { eventDetail, indexAt, registrationNumberOf } from './history';
import type { History, HistoryEvent, StateAt } from './types';

/** An auditor's view of one case: every event, and the state at any past moment (time slider). */
export function AuditCasePage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation('audit');
  const { user } = useSession();
  const lng = i18n.resolvedLanguage ?? 'ru';
  const offset = DEFAULT_OFFSET;
  const [history, setHistory] = useState<History>();
  const [problem, setProblem] = useState<ApiProblem>();
  const [at, setAt] = useState<string>();
  const [typed, setTyped] = useState('');
  const [state, setState] = useState<StateAt>();
  const [stateProblem, setStateProblem] = useState<ApiProblem>();
  const sliderId = useId();
  const timeId = useId();

  useEffect(() => {
    let live = true;
    api<History>(`/audit/appeals/${encodeURIComponent(id)}/history`, { token: user?.token }).then(
      (h) => {
        if (!live) return;
        setHistory(h);
        const last = h.events[h.events.length - 1];
        if (last) {
          setAt(last.time);
          setTyped(toLocalInput(last.time, offset));
        }
      },
      (err: unknown) =>
        live &&
        setProblem(err instanceof ApiProblem ? err : new ApiProblem({ status: 0, title: String(err) })),
    );
    return () => {
      live = false;
    };
  }, [id, user?.token, offset]);

  useEffect(() => {
    if (!at) return;
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      api<StateAt>(`/audit/appeals/${encodeURIComponent(id)}/state`, {
        token: user?.token,
        query: { at },
        signal: ctl.signal,
      }).then(
        (s) => {
          setState(s);
          setStateProblem(undefined);
        },
        (err: unknown) => {
          if ((err as Error).name === 'AbortError') return;
          setState(undefined);
          setStateProblem(
            err instanceof ApiProblem ? err : new ApiProblem({ status: 0, title: String(err) }),
          );
        },
      );
    }, 120);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [id, at, user?.token]);

  if (problem) return <ProblemAlert problem={problem} />;
  if (!history || !at) return <p role="status">{t('loading')}</p>;
  const events = history.events;
  const index = indexAt(events, Date.parse(at));
  // one step per distinct event time: events appended together (submitted + registered) share a moment
  const moments = [...new Set(events.map((e) => e.time))];
  const moment = moments.findLastIndex((m) => Date.parse(m) <= Date.parse(at));
  const shown = index >= 0 ? events[index] : undefined;
  const eventLabel = (e: HistoryEvent) =>
    `${formatInstant(e.time, lng, offset, true)} — ${t(`event.${e.type}`, { ns: 'console', defaultValue: e.type })}`;
  const s = state?.state;

  return (
    <article className="audit-case">
      <p>
        <Link to="/audit">{t('backToSearch')}</Link>
      </p>
      <h1>{t('case.title', { id: registrationNumberOf(events) ?? history.appealId })}</h1>

      <section aria-labelledby="slider-h" className="time-travel">
        <h2 id="slider-h">{t('slider.title')}</h2>
        <p>{t('slider.intro')}</p>
        <div className="field">
          <label htmlFor={sliderId}>{t('slider.label')}</label>
          <input
            id={sliderId}
            type="range"
            min={0}
            max={Math.max(0, moments.length - 1)}
            step={1}
            value={Math.max(0, moment)}
            aria-valuetext={shown ? eventLabel(shown) : ''}
            onChange={(e) => {
              const time = moments[Number(e.target.value)];
              if (!time) return;
              setAt(time);
              setTyped(toLocalInput(time, offset));
            }}
          />
          <p className="hint" aria-hidden="true">
            {shown ? eventLabel(shown) : ''}
          </p>
        </div>
        <form
          className="moment-form"
          onSubmit={(e) => {
            e.preventDefault();
            const iso = fromLocalInput(typed, offset);
            if (iso) setAt(new Date(iso).toISOString());
          }}
        >
          <label htmlFor={timeId}>{t('slider.moment', { offset: offsetLabel(offset) })}</label>
          <input
            id={timeId}
            type="datetime-local"
            step={1}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
          <button type="submit">{t('slider.show')}</button>
        </form>

        <div aria-live="polite" className="state" data-testid="state-at">
          <h3>{t('state.title', { at: formatInstant(at, lng, offset, true) })}</h3>
          <ProblemAlert problem={stateProblem} />
          {state && s && (
            <dl className="facts">
              <dt>{t('state.status')}</dt>
              <dd data-testid="state-status">
                {t(`status.${s.status}`, { ns: 'console', defaultValue: s.status })}
              </dd>
              <dt>{t('state.events')}</dt>
              <dd>
                {t('state.applied', { count: state.eventsApplied, total: events.length })}
                {state.lastEvent &&
                  ` · ${t(`event.${state.lastEvent.type}`, { ns: 'console', defaultValue: state.lastEvent.type })}`}
              </dd>
              <dt>{t('state.agency')}</dt>
              <dd>{s.agencyId ? <AgencyName id={s.agencyId} /> : '—'}</dd>
              <dt>{t('state.deadline')}</dt>
              <dd>
                {s.deadline?.dueOn ? formatDate(s.deadline.dueOn, lng) : '—'}
                {s.extended ? ` (${t('state.extended')})` : ''}
              </dd>
              <dt>{t('state.executors')}</dt>
              <dd>{s.executorIds?.length ? s.executorIds.join(', ') : '—'}</dd>
              <dt>{t('state.hearing')}</dt>
              <dd>
                {!s.hearing
                  ? '—'
                  : s.hearing.held
                    ? t('state.heard')
                    : t('state.notHeard', { reason: s.hearing.reason ?? '' })}
              </dd>
              <dt>{t('state.drafts')}</dt>
              <dd>
                {t('state.draftsCount', {
                  count: Object.keys(s.drafts ?? {}).length,
                  approved: Object.values(s.drafts ?? {}).filter((d) => d.approved).length,
                })}
              </dd>
              <dt>{t('state.answer')}</dt>
              <dd>{s.answer ? formatInstant(s.answer.sentAt, lng, offset) : '—'}</dd>
              {s.deemedRefused && (
                <>
                  <dt>{t('state.deemedRefused')}</dt>
                  <dd>{t('state.yes')}</dd>
                </>
              )}
            </dl>
          )}
        </div>
      </section>

      <section aria-labelledby="history-h">
        <h2 id="history-h">{t('history.title', { count: events.length })}</h2>
        <TimelineTable
          offsetMinutes={offset}
          seconds
          current={index}
          rows={events.map((e) => ({
            type: e.type,
            at: e.time,
            by: e.actor?.id,
            role: e.actor?.role,
            service: e.service ?? undefined,
            detail: eventDetail(e),
          }))}
        />
      </section>
    </article>
  );
}
