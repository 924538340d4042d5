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

export type StatementDetail = {
  statement: StatementSummary; charges: Charge[];
  totals: { billedCents: number; insurancePaidCents: number; adjustmentCents: number; patientResponsibilityCents: number };
  payments: Payment[]; plan: Plan | null; billingQuestionUrl: string; minInstallmentCents: number;
};

export function StatementPage() {
  const { statementId = '' } = useParams();
  const { user } = useAuth();
  const q = useQuery({ queryKey: ['billing', 'statement', statementId], queryFn: () => api<StatementDetail>(`/api/billing/statements/${statementId}`) });
  if (q.isLoading) return <div className="page"><h1>Statement</h1><p role="status">Loading the statement…</p></div>;
  if (q.isError || !q.data) {
    const missing = q.error instanceof ApiError && q.error.status === 404;
    return (
      <div className="page"><h1>Statement</h1>
        <p className="error" role="alert">{missing ? 'This statement was not found.' : 'We could not load this statement. Please reload the page.'}</p>
        <Link to="/billing">Back to billing</Link></div>
    );
  }
  const { statement: s, charges, totals, payments, plan } = q.data;
  const patient = user?.role === 'patient';
  return (
    <div className="page">
      <p><Link to={patient ? '/billing' : '/billing/office'}>← {patient ? 'All statements' : 'Billing office'}</Link></p>
      <h1>Statement {s.number}</h1>
      <dl className="summary-list">
        <dt>Statement date</dt><dd>{longDate(s.statementDate)}</dd>
        <dt>Due date</dt><dd>{longDate(s.dueDate)}</dd>
        <dt>Amount of this statement</dt><dd>{money(s.amountDueCents)}</dd>
        <dt>Still owed</dt><dd><strong>{money(s.balanceCents)}</strong></dd>
        <dt>Status</dt><dd><StatusTag status={s.status} text={s.statusText} /></dd>
      </dl>

      <section aria-labelledby="charges-h">
        <h2 id="charges-h">Charges</h2>
        <p className="hint">Your share is what is left after your insurance paid and after the discount your insurance arranged (the adjustment).</p>
        <table className="stack">
          <caption className="visually-hidden">Charges on statement {s.number}</caption>
          <thead><tr>
            <th scope="col">Date</th><th scope="col">Service</th><th scope="col">Clinician</th><th scope="col" className="num">Billed</th>
            <th scope="col" className="num">Insurance paid</th><th scope="col" className="num">Adjustment</th><th scope="col" className="num">Your share</th>
          </tr></thead>
          <tbody>
            {charges.map((c) => (
              <tr key={c.id}>
                <td data-label="Date">{longDate(c.serviceDate)}</td>
                <td data-label="Service">{c.service}</td>
                <td data-label="Clinician">{c.clinician ?? '—'}</td>
                <td data-label="Billed" className="num">{money(c.billedCents)}</td>
                <td data-label="Insurance paid" className="num">{money(c.insurancePaidCents)}</td>
                <td data-label="Adjustment" className="num">{money(c.adjustmentCents)}</td>
                <td data-label="Your share" className="num">{money(c.patientResponsibilityCents)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot><tr>
            <th scope="row" colSpan={3}>Total</th>
            <td data-label="Billed" className="num">{money(totals.billedCents)}</td>
            <td data-label="Insurance paid" className="num">{money(totals.insurancePaidCents)}</td>
            <td data-label="Adjustment" className="num">{money(totals.adjustmentCents)}</td>
            <td data-label="Your share" className="num"><strong>{money(totals.patientResponsibilityCents)}</strong></td>
          </tr></tfoot>
        </table>
      </section>

      {patient && s.balanceCents > 0 && <section className="panel"><PayForm statementId={s.id} balanceCents={s.balanceCents} /></section>}
      {patient && <PlanSection detail={q.data} />}
      {!patient && plan && <p>This statement is on a {plan.installments}-month payment plan.</p>}

      <section aria-labelledby="paid-h">
        <h2 id="paid-h">Payments on this statement</h2>
        {payments.length === 0 ? <p>No payments yet.</p> : (
          <ul className="plain">
            {payments.map((p) => (
              <li key={p.id}>
                {p.status === 'succeeded'
                  ? <>{money(p.amountCents)} paid {dateTime(p.paidAt)} with {p.cardBrand} ending {p.cardLast4} — <Link to={`/billing/payments/${p.id}`}>receipt {p.receiptNumber}</Link></>
                  : <>{money(p.amountCents)} on {dateTime(p.paidAt)}: <strong>not paid</strong> ({p.declineReason})</>}
              </li>
            ))}
          </ul>
        )}
      </section>
      {patient && <QuestionSection statementId={s.id} statementNumber={s.number} fallbackUrl={q.data.billingQuestionUrl} />}
    </div>
  );
}
