import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { ComposerInfo } from '../messaging/api';
import { recordGuideEvent, type GuideState } from './api';
import './guide.css';

/**
 * The first-use walkthrough: a short inline tour (4 steps) at the top of the messages list the first time a patient opens
 * messaging, and again for a patient who has not sent a message for a year (the server decides: GET /api/guide). "Skip"
 * and Escape close it, "Next" moves on and puts focus on the new step; the last step's "Done" completes it. It does not
 * take focus when it opens by itself (it sits right under the page heading); opened on request (`open`), it does.
 */
export function GuideWalkthrough({ open, onClose }: { open?: boolean; onClose?: () => void }) {
  const { t, i18n } = useTranslation('guide');
  const qc = useQueryClient();
  const state = useQuery({ queryKey: ['guide', i18n.language], queryFn: () => api<GuideState>('/api/guide') });
  const info = useQuery({ queryKey: ['composer', undefined, i18n.language], queryFn: () => api<ComposerInfo>('/api/messaging/categories') });
  const [step, setStep] = useState(0);
  const [closed, setClosed] = useState(false);
  const stepRef = useRef<HTMLParagraphElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const viewed = useRef(false);
  const auto = open === undefined;
  const visible = auto ? !closed && !!state.data?.walkthrough.show : open;

  useEffect(() => {
    if (!visible) return;
    if (!viewed.current) { viewed.current = true; void recordGuideEvent('viewed'); }
    if (!auto) headingRef.current?.focus();
  }, [visible, auto]);

  if (!visible) return null;
  const reply = info.data?.categories[0]?.expectedReply;
  const steps = [t('tour.one'), t('tour.two'), t('tour.three'), reply ? t('tour.four', { reply }) : t('tour.fourNoReply')];
  const last = step === steps.length - 1;

  const finish = async (kind: 'completed' | 'skipped') => {
    setClosed(true);
    setStep(0);
    viewed.current = false;
    await recordGuideEvent(kind);
    await qc.invalidateQueries({ queryKey: ['guide'] });
    onClose?.();
    if (auto) document.querySelector<HTMLElement>('main h1, h1')?.focus();
  };
  const next = () => {
    setStep((s) => s + 1);
    requestAnimationFrame(() => stepRef.current?.focus());
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') { e.preventDefault(); void finish('skipped'); }
  };

  return (
    <section className="guide-tour" aria-labelledby="guide-tour-h" onKeyDown={onKeyDown} data-testid="guide-tour">
      <h2 id="guide-tour-h" ref={headingRef} tabIndex={-1}>{t('tour.title')}</h2>
      {state.data?.walkthrough.reason === 'inactive' && step === 0 && <p>{t('tour.again')}</p>}
      <p className="hint">{t('tour.step', { n: step + 1, total: steps.length })}</p>
      <p ref={stepRef} tabIndex={-1} className="lead">{steps[step]}</p>
      <div className="row-actions">
        {last
          ? <button type="button" className="button" onClick={() => void finish('completed')}>{t('tour.done')}</button>
          : <button type="button" className="button" onClick={next}>{t('tour.next')}</button>}
        {!last && <button type="button" className="button secondary" onClick={() => void finish('skipped')}>{t('tour.skip')}</button>}
        <Link to="/messages/guide">{t('tour.more')}</Link>
      </div>
    </section>
  );
}

/** The one small link placed on the home page, the messages list and the composer. */
export function GuideLink() {
  const { t } = useTranslation('guide');
  return <p className="guide-link"><Link to="/messages/guide">{t('link')}</Link></p>;
}
