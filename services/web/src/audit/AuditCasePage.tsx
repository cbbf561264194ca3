import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ProblemAlert } from '../components/ProblemAlert';
import { useSession } from '../auth/session';
import { formatInstant } from '../console/format';
import { TimelineTable } from '../console/parts';
import { DEFAULT_OFFSET } from '../console/ui';
import { eventDetail, indexAt, registrationNumberOf } from './history';
import { MomentControls, StateFacts, useHistory, useStateAt } from './timeTravel';
import type { HistoryEvent } from './types';

/** An auditor's view of one case: every event, and the state at any past moment (time slider). */
export function AuditCasePage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation('audit');
  const { user } = useSession();
  const lng = i18n.resolvedLanguage ?? 'ru';
  const offset = DEFAULT_OFFSET;
  const { history, problem, at, setAt, typed, setTyped } = useHistory(id, user?.token, offset);
  const { state, stateProblem } = useStateAt(id, at, user?.token);

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

  return (
    <article className="audit-case">
      <p>
        <Link to="/audit">{t('backToSearch')}</Link>
      </p>
      <h1>{t('case.title', { id: registrationNumberOf(events) ?? history.appealId })}</h1>

      <section aria-labelledby="slider-h" className="time-travel">
        <h2 id="slider-h">{t('slider.title')}</h2>
        <p>{t('slider.intro')}</p>
        <MomentControls
          moments={moments}
          moment={moment}
          shown={shown}
          eventLabel={eventLabel}
          typed={typed}
          setTyped={setTyped}
          setAt={setAt}
          offset={offset}
        />

        <div aria-live="polite" className="state" data-testid="state-at">
          <h3>{t('state.title', { at: formatInstant(at, lng, offset, true) })}</h3>
          <ProblemAlert problem={stateProblem} />
          {state && <StateFacts state={state} total={events.length} offset={offset} />}
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
