import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { dateTime, longDate, money, type Payment, type StatementSummary } from './format';
import './billing.css';
import { useTranslation } from 'react-i18next';

type Summary = {
  accounts: { id: string; accountNumber: string; guarantorName: string; balanceCents: number }[];
  balanceCents: number; statements: StatementSummary[]; payments: Payment[];
};

export function StatusTag({ status, text }: { status: string; text: string }) {
  return <span className={`status ${status}`}>{text}</span>;
}

/** The patient's billing home: what they owe, every statement, and recent payments. */
export function BillingPage() {
  const q = useQuery({ queryKey: ['billing'], queryFn: () => api<Summary>('/api/billing') });
  const open = q.data?.statements.filter((s) => s.balanceCents > 0) ?? [];
  const { t: ts } = useTranslation('shell');
  const { t } = useTranslation('billing');
  return (
    <div className="page">
      <h1>{t('page.title')}</h1>
      {q.isLoading && <p role="status">{t('page.loading')}</p>}
      {q.isError && <p className="error" role="alert">{t('page.loadError')}</p>}
      {q.data && (
        <>
          <section aria-labelledby="owe-h" className="panel">
            <h2 id="owe-h">{t('page.owe')}</h2>
            <p className="big-amount">{money(q.data.balanceCents)}</p>
            {q.data.balanceCents === 0 ? <p>{t('page.nothing')}</p>
              : <p>{t('page.openCount', { count: open.length })}</p>}
            {open.length === 1 && (
              <p><Link className="button" to={`/billing/statements/${open[0].id}#pay`}>
                {ts('billing.payNow')}<span className="visually-hidden"> {ts('billing.payNowFor', { number: open[0].number })}</span>
              </Link></p>
            )}
            {open.length > 1 && (
              <ul className="plain pay-list">
                {open.map((s) => (
                  <li key={s.id}><Link className="button" to={`/billing/statements/${s.id}#pay`}>{ts('billing.payStatement', { number: s.number, amount: money(s.balanceCents) })}</Link></li>
                ))}
              </ul>
            )}
            {q.data.accounts[0] && <p className="hint">{t('page.account', { number: q.data.accounts[0].accountNumber })}</p>}
          </section>

          <section aria-labelledby="st-h">
            <h2 id="st-h">{t('page.statements')}</h2>
            {q.data.statements.length === 0 ? <p>{t('page.noStatements')}</p> : (
              <table className="stack">
                <caption className="visually-hidden">{t('page.caption')}</caption>
                <thead><tr><th scope="col">{t('page.statement')}</th><th scope="col">{t('page.date')}</th><th scope="col">{t('page.due')}</th><th scope="col" className="num">{t('page.amount')}</th><th scope="col" className="num">{t('page.stillOwed')}</th><th scope="col">{t('page.status')}</th></tr></thead>
                <tbody>
                  {q.data.statements.map((s) => (
                    <tr key={s.id}>
                      <th scope="row"><Link to={`/billing/statements/${s.id}`}>{t('page.statementN', { number: s.number })}</Link></th>
                      <td data-label={t('page.date')}>{longDate(s.statementDate)}</td>
                      <td data-label={t('page.due')}>{longDate(s.dueDate)}</td>
                      <td data-label={t('page.amount')} className="num">{money(s.amountDueCents)}</td>
                      <td data-label={t('page.stillOwed')} className="num">{money(s.balanceCents)}</td>
                      <td data-label={t('page.status')}><StatusTag status={s.status} text={s.statusText} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          <section aria-labelledby="pay-h">
            <h2 id="pay-h">{t('page.recent')}</h2>
            {q.data.payments.filter((p) => p.status === 'succeeded').length === 0 ? <p>{t('page.noPayments')}</p> : (
              <ul className="plain">
                {q.data.payments.filter((p) => p.status === 'succeeded').map((p) => (
                  <li key={p.id}>
                    {t('page.paidLine', { amount: money(p.amountCents), date: dateTime(p.paidAt), number: p.statementNumber ?? '' })}{' '}
                    <Link to={`/billing/payments/${p.id}`}>{t('page.receiptN', { number: p.receiptNumber ?? '' })}</Link>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="help-h">
            <h2 id="help-h">{t('page.help')}</h2>
            <ul className="plain">
              <li><Link to="/insurance">{t('page.insurance')}</Link></li>
              <li><Link to="/directory">{t('page.callOffice')}</Link> {t('page.officeHours')}</li>
            </ul>
          </section>
        </>
      )}
    </div>
  );
}
