import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../../api/client';
import { useAuth } from '../../app/auth';
import { dateTime, longDate, money, type Charge, type Payment, type Plan, type StatementSummary } from './format';
import { StatusTag } from './BillingPage';
import { PayForm } from './PayForm';
import { PlanSection } from './PlanSection';
import { QuestionSection } from './QuestionSection';
import './billing.css';
import { useTranslation } from 'react-i18next';

export type StatementDetail = {
  statement: StatementSummary; charges: Charge[];
  totals: { billedCents: number; insurancePaidCents: number; adjustmentCents: number; patientResponsibilityCents: number };
  payments: Payment[]; plan: Plan | null; billingQuestionUrl: string; minInstallmentCents: number;
};

export function StatementPage() {
  const { statementId = '' } = useParams();
  const { user } = useAuth();
  const { t } = useTranslation('billing');
  const q = useQuery({ queryKey: ['billing', 'statement', statementId], queryFn: () => api<StatementDetail>(`/api/billing/statements/${statementId}`) });
  if (q.isLoading) return <div className="page"><h1>{t('statement.title')}</h1><p role="status">{t('statement.loading')}</p></div>;
  if (q.isError || !q.data) {
    const missing = q.error instanceof ApiError && q.error.status === 404;
    return (
      <div className="page"><h1>{t('statement.title')}</h1>
        <p className="error" role="alert">{missing ? t('statement.notFound') : t('statement.loadError')}</p>
        <Link to="/billing">{t('statement.back')}</Link></div>
    );
  }
  const { statement: s, charges, totals, payments, plan } = q.data;
  const patient = user?.role === 'patient';
  return (
    <div className="page">
      <p><Link to={patient ? '/billing' : '/billing/office'}>{patient ? t('statement.all') : t('statement.office')}</Link></p>
      <h1>{t('statement.titleN', { number: s.number })}</h1>
      <dl className="summary-list">
        <dt>{t('statement.date')}</dt><dd>{longDate(s.statementDate)}</dd>
        <dt>{t('statement.due')}</dt><dd>{longDate(s.dueDate)}</dd>
        <dt>{t('statement.amount')}</dt><dd>{money(s.amountDueCents)}</dd>
        <dt>{t('statement.stillOwed')}</dt><dd><strong>{money(s.balanceCents)}</strong></dd>
        <dt>{t('statement.status')}</dt><dd><StatusTag status={s.status} text={s.statusText} /></dd>
      </dl>

      <section aria-labelledby="charges-h">
        <h2 id="charges-h">{t('statement.charges')}</h2>
        <p className="hint">{t('statement.chargesHint')}</p>
        <table className="stack">
          <caption className="visually-hidden">{t('statement.chargesCaption', { number: s.number })}</caption>
          <thead><tr>
            <th scope="col">{t('statement.chDate')}</th><th scope="col">{t('statement.service')}</th><th scope="col">{t('statement.clinician')}</th><th scope="col" className="num">{t('statement.billed')}</th>
            <th scope="col" className="num">{t('statement.insPaid')}</th><th scope="col" className="num">{t('statement.adjustment')}</th><th scope="col" className="num">{t('statement.share')}</th>
          </tr></thead>
          <tbody>
            {charges.map((c) => (
              <tr key={c.id}>
                <td data-label={t('statement.chDate')}>{longDate(c.serviceDate)}</td>
                <td data-label={t('statement.service')}>{c.service}</td>
                <td data-label={t('statement.clinician')}>{c.clinician ?? '—'}</td>
                <td data-label={t('statement.billed')} className="num">{money(c.billedCents)}</td>
                <td data-label={t('statement.insPaid')} className="num">{money(c.insurancePaidCents)}</td>
                <td data-label={t('statement.adjustment')} className="num">{money(c.adjustmentCents)}</td>
                <td data-label={t('statement.share')} className="num">{money(c.patientResponsibilityCents)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot><tr>
            <th scope="row" colSpan={3}>{t('statement.total')}</th>
            <td data-label={t('statement.billed')} className="num">{money(totals.billedCents)}</td>
            <td data-label={t('statement.insPaid')} className="num">{money(totals.insurancePaidCents)}</td>
            <td data-label={t('statement.adjustment')} className="num">{money(totals.adjustmentCents)}</td>
            <td data-label={t('statement.share')} className="num"><strong>{money(totals.patientResponsibilityCents)}</strong></td>
          </tr></tfoot>
        </table>
      </section>

      {patient && s.balanceCents > 0 && <section className="panel"><PayForm statementId={s.id} balanceCents={s.balanceCents} /></section>}
      {patient && <PlanSection detail={q.data} />}
      {!patient && plan && <p>{t('statement.onPlan', { months: plan.installments })}</p>}

      <section aria-labelledby="paid-h">
        <h2 id="paid-h">{t('statement.payments')}</h2>
        {payments.length === 0 ? <p>{t('statement.noPayments')}</p> : (
          <ul className="plain">
            {payments.map((p) => (
              <li key={p.id}>
                {p.status === 'succeeded'
                  ? <>{t('statement.paidWith', { amount: money(p.amountCents), date: dateTime(p.paidAt), brand: p.cardBrand ?? '', last4: p.cardLast4 ?? '' })} <Link to={`/billing/payments/${p.id}`}>{t('statement.receiptN', { number: p.receiptNumber ?? '' })}</Link></>
                  : <>{t('statement.declined', { amount: money(p.amountCents), date: dateTime(p.paidAt) })} <strong>{t('statement.notPaid')}</strong> ({p.declineReason})</>}
              </li>
            ))}
          </ul>
        )}
      </section>
      {patient && <QuestionSection statementId={s.id} statementNumber={s.number} fallbackUrl={q.data.billingQuestionUrl} />}
    </div>
  );
}
