import { useTranslation } from 'react-i18next';
import { formatDate } from '../../i18n/format';
import { formatTime, type ComposerInfo } from '../messaging/api';
import type { Explanation, ThreadStatusText } from './api';

// The guide's content, shared by the patient's page (/messages/guide) and the printable hand-out. Every fact comes from
// live data: the clinic's nurse line and reply targets from /api/messaging/categories (what the composer shows), the
// conversation statuses from the server's own status texts (/api/guide), and the message progress words from the same
// catalog keys the conversation page uses (messaging:status.*), so the guide cannot drift from what patients see.

const tel = (p: string) => `tel:${p.replace(/[^+\d]/g, '')}`;
const showPhone = (p: string) => p.replace('+1-', '');

/** Small pictures for the loop; the words next to them say everything (the pictures are decoration). */
const ICONS: Record<string, string> = {
  you: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-7 8a7 7 0 0 1 14 0z',
  team: 'M7 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zm10 0a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM1 20a6 6 0 0 1 12 0zm10 0a6 6 0 0 1 12 0z',
  nurse: 'M10 3h4v4h4v4h-4v4h-4v-4H6V7h4zM4 21a8 8 0 0 1 16 0z',
  answer: 'M3 4h18v12H8l-5 4zm4 5h10v2H7z',
};
function Icon({ name }: { name: string }) {
  return <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d={ICONS[name]} fill="currentColor" /></svg>;
}

export function Asked({ explained }: { explained: Explanation[] }) {
  const { t } = useTranslation('guide');
  if (explained.length === 0) return null;
  return (
    <section aria-labelledby="guide-asked-h" className="panel guide-asked">
      <h2 id="guide-asked-h">{t('asked.title')}</h2>
      {explained.map((e) => (
        <div key={e.id}>
          <p>{e.instructions ? t('asked.by', { name: e.by.displayName, when: formatDate(e.at) }) : t('asked.noText', { name: e.by.displayName, when: formatDate(e.at) })}</p>
          {e.instructions && <blockquote>{e.instructions}</blockquote>}
        </div>
      ))}
    </section>
  );
}

export function GuideContent({ info, statuses }: { info: ComposerInfo; statuses: ThreadStatusText[] }) {
  const { t } = useTranslation(['guide', 'messaging']);
  const clinic = info.clinic;
  const pools = [...new Set(info.categories.map((c) => c.poolName))];
  // An example day for the progress words, in the page's language and the conversation page's own time format.
  const base = new Date();
  base.setHours(9, 5, 0, 0);
  const at = (minutes: number) => new Date(base.getTime() + minutes * 60_000).toISOString();
  const reader = info.providers.find((p) => p.isMyProvider)?.displayName ?? t('status.exampleReader');
  const progress: [string, string][] = [
    [t('messaging:status.sent', { when: formatTime(at(0)) }), t('status.sent')],
    ...pools.map((pool): [string, string] => [t('messaging:status.receivedBy', { pool }), t('status.received')]),
    [t('messaging:status.notRead'), t('status.notRead')],
    [t('messaging:status.readBy', { name: reader, when: formatTime(at(85)) }), t('status.read')],
    [t('messaging:status.notAnswered'), t('status.notAnswered')],
    [t('messaging:status.answered', { when: formatTime(at(310)) }), t('status.answered')],
  ];
  const meaning: Record<ThreadStatusText['status'], string> = {
    open: t('status.open'), answered: t('status.answeredThread'), late: t('status.late'), escalated: t('status.escalated'), closed: t('status.closed'),
  };
  const mb = Math.round(info.limits.maxAttachmentBytes / 1_048_576);
  return (
    <>
      <section aria-labelledby="guide-use-h">
        <h2 id="guide-use-h">{t('use.title')}</h2>
        <h3>{t('use.forTitle')}</h3>
        <ul>
          <li>{t('use.for1')}</li><li>{t('use.for2')}</li><li>{t('use.for3')}</li><li>{t('use.for4')}</li>
        </ul>
        <div className="warning">
          <h3>{t('use.notTitle')}</h3>
          <ul>
            <li><strong>{t('use.emergency')}</strong></li>
            <li>{clinic?.phoneNurseLine
              ? <>{t('use.urgent', { clinic: clinic.name })} <a href={tel(clinic.phoneNurseLine)}>{showPhone(clinic.phoneNurseLine)}</a></>
              : t('use.urgentNoNumber')}</li>
          </ul>
          <p>{t('use.why')}</p>
        </div>
      </section>

      <section aria-labelledby="guide-loop-h">
        <h2 id="guide-loop-h">{t('loop.title')}</h2>
        <figure>
          <figcaption className="visually-hidden">{t('loop.figure')}</figcaption>
          <ol className="guide-loop">
            <li><Icon name="you" /><strong>{t('loop.step1Title')}</strong> {t('loop.step1')}</li>
            <li><Icon name="team" /><strong>{t('loop.step2Title')}</strong> {clinic ? t('loop.step2', { clinic: clinic.name }) : t('loop.step2NoClinic')}</li>
            <li><Icon name="nurse" /><strong>{t('loop.step3Title')}</strong> {t('loop.step3')}</li>
            <li><Icon name="answer" /><strong>{t('loop.step4Title')}</strong> {t('loop.step4')}</li>
          </ol>
        </figure>
      </section>

      <section aria-labelledby="guide-status-h">
        <h2 id="guide-status-h">{t('status.title')}</h2>
        <p>{t('status.lead')}</p>
        <div className="table-wrap">
          <table className="guide-status" data-testid="guide-progress">
            <caption>{t('status.progressTitle')}</caption>
            <thead><tr><th scope="col">{t('status.word')}</th><th scope="col">{t('status.meaning')}</th></tr></thead>
            <tbody>{progress.map(([word, what]) => <tr key={word}><th scope="row">{word}</th><td>{what}</td></tr>)}</tbody>
          </table>
        </div>
        <div className="table-wrap">
          <table className="guide-status" data-testid="guide-statuses">
            <caption>{t('status.conversationTitle')}</caption>
            <thead><tr><th scope="col">{t('status.word')}</th><th scope="col">{t('status.meaning')}</th></tr></thead>
            <tbody>{statuses.map((s) => <tr key={`${s.key}:${s.text}`}><th scope="row">{s.text}</th><td>{meaning[s.status]}</td></tr>)}</tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="guide-speed-h">
        <h2 id="guide-speed-h">{t('speed.title')}</h2>
        <p>{t('speed.lead')}</p>
        {info.categories.length === 0 ? <p>{t('speed.none')}</p> : (
          <div className="table-wrap">
            <table data-testid="guide-speed">
              <caption>{t('speed.caption')}</caption>
              <thead><tr><th scope="col">{t('speed.kind')}</th><th scope="col">{t('speed.who')}</th><th scope="col">{t('speed.when')}</th></tr></thead>
              <tbody>{info.categories.map((c) => (
                <tr key={c.code}><th scope="row">{c.label}</th><td>{c.whoHandles}</td><td>{c.expectedReply}</td></tr>
              ))}</tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="guide-attach-h">
        <h2 id="guide-attach-h">{t('attach.title')}</h2>
        <ol>
          <li>{t('attach.step1')}</li>
          <li>{t('attach.step2', { button: t('messaging:attach.label') })} {t('messaging:attach.hint', { mb })}</li>
        </ol>
        <p>{t('attach.readings')}</p>
      </section>

      <section aria-labelledby="guide-record-h">
        <h2 id="guide-record-h">{t('record.title')}</h2>
        <p>{t('record.text')}</p>
      </section>
    </>
  );
}
