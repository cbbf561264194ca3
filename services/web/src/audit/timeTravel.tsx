import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiProblem } from '../api/client';
import { formatDate, formatInstant, fromLocalInput, offsetLabel, toLocalInput } from '../console/format';
import { AgencyName } from '../console/parts';
import type { History, HistoryEvent, StateAt } from './types';

// Time travel through one case: its history, the moment chosen (slider or typed), and the state at that moment.

const asProblem = (err: unknown) =>
  err instanceof ApiProblem ? err : new ApiProblem({ status: 0, title: String(err) });

/** The case's history, and the moment shown (the last event's at first; `typed` is the moment form's text). */
export function useHistory(id: string, token: string | undefined, offset: number) {
  const [history, setHistory] = useState<History>();
  const [problem, setProblem] = useState<ApiProblem>();
  const [at, setAt] = useState<string>();
  const [typed, setTyped] = useState('');
  useEffect(() => {
    let live = true;
    api<History>(`/audit/appeals/${encodeURIComponent(id)}/history`, { token }).then(
      (h) => {
        if (!live) return;
        setHistory(h);
        const last = h.events[h.events.length - 1];
        if (last) {
          setAt(last.time);
          setTyped(toLocalInput(last.time, offset));
        }
      },
      (err: unknown) => live && setProblem(asProblem(err)),
    );
    return () => {
      live = false;
    };
  }, [id, token, offset]);
  return { history, problem, at, setAt, typed, setTyped };
}

/** The state of the case at `at`, asked for a moment after the slider stops (earlier asks are dropped). */
export function useStateAt(id: string, at: string | undefined, token: string | undefined) {
  const [state, setState] = useState<StateAt>();
  const [stateProblem, setStateProblem] = useState<ApiProblem>();
  useEffect(() => {
    if (!at) return;
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      api<StateAt>(`/audit/appeals/${encodeURIComponent(id)}/state`, {
        token,
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
          setStateProblem(asProblem(err));
        },
      );
    }, 120);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [id, at, token]);
  return { state, stateProblem };
}

/** The slider over the case's moments, and a form to type any moment (in the jurisdiction's offset). */
export function MomentControls(props: {
  moments: string[];
  moment: number;
  shown: HistoryEvent | undefined;
  eventLabel: (e: HistoryEvent) => string;
  typed: string;
  setTyped: (v: string) => void;
  setAt: (v: string) => void;
  offset: number;
}) {
  const { t } = useTranslation('audit');
  const { moments, moment, shown, eventLabel, typed, setTyped, setAt, offset } = props;
  const sliderId = useId();
  const timeId = useId();
  return (
    <>
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
    </>
  );
}

/** What the case looked like at the moment: status, events applied, agency, deadline, people, drafts, answer. */
export function StateFacts({ state, total, offset }: { state: StateAt; total: number; offset: number }) {
  const { t, i18n } = useTranslation('audit');
  const lng = i18n.resolvedLanguage ?? 'ru';
  const s = state.state;
  if (!s) return null;
  return (
    <dl className="facts">
      <dt>{t('state.status')}</dt>
      <dd data-testid="state-status">{t(`status.${s.status}`, { ns: 'console', defaultValue: s.status })}</dd>
      <dt>{t('state.events')}</dt>
      <dd>
        {t('state.applied', { count: state.eventsApplied, total })}
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
  );
}
