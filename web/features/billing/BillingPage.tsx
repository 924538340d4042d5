import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { dateTime, longDate, money, type Payment, type StatementSummary } from './format';
import './billing.css';

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
  return (
    <div className="page">
      <h1>Billing and payments</h1>
      {q.isLoading && <p role="status">Loading your bills…</p>}
      {q.isError && <p className="error" role="alert">We could not load your bills. Please reload the page or call the billing office.</p>}
      {q.data && (
        <>
          <section aria-labelledby="owe-h" className="panel">
            <h2 id="owe-h">What you owe</h2>
            <p className="big-amount">{money(q.data.balanceCents)}</p>
            {q.data.balanceCents === 0 ? <p>You do not owe anything right now. Thank you!</p>
              : <p>{open.length === 1 ? 'One statement has' : `${open.length} statements have`} money owed. Open a statement to see the charges and pay.</p>}
            {q.data.accounts[0] && <p className="hint">Account number {q.data.accounts[0].accountNumber}</p>}
          </section>

          <section aria-labelledby="st-h">
            <h2 id="st-h">Statements</h2>
            {q.data.statements.length === 0 ? <p>You have no statements yet.</p> : (
              <table className="stack">
                <caption className="visually-hidden">Your statements, newest first</caption>
                <thead><tr><th scope="col">Statement</th><th scope="col">Date</th><th scope="col">Due</th><th scope="col" className="num">Amount</th><th scope="col" className="num">Still owed</th><th scope="col">Status</th></tr></thead>
                <tbody>
                  {q.data.statements.map((s) => (
                    <tr key={s.id}>
                      <th scope="row"><Link to={`/billing/statements/${s.id}`}>Statement {s.number}</Link></th>
                      <td data-label="Date">{longDate(s.statementDate)}</td>
                      <td data-label="Due">{longDate(s.dueDate)}</td>
                      <td data-label="Amount" className="num">{money(s.amountDueCents)}</td>
                      <td data-label="Still owed" className="num">{money(s.balanceCents)}</td>
                      <td data-label="Status"><StatusTag status={s.status} text={s.statusText} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          <section aria-labelledby="pay-h">
            <h2 id="pay-h">Recent payments</h2>
            {q.data.payments.filter((p) => p.status === 'succeeded').length === 0 ? <p>No payments yet.</p> : (
              <ul className="plain">
                {q.data.payments.filter((p) => p.status === 'succeeded').map((p) => (
                  <li key={p.id}>
                    {money(p.amountCents)} on {dateTime(p.paidAt)} for statement {p.statementNumber} —{' '}
                    <Link to={`/billing/payments/${p.id}`}>receipt {p.receiptNumber}</Link>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="help-h">
            <h2 id="help-h">Need help?</h2>
            <ul className="plain">
              <li><Link to="/insurance">See or update your insurance</Link></li>
              <li><Link to="/directory">Call the billing office</Link> (Monday to Friday, 8 to 5)</li>
            </ul>
          </section>
        </>
      )}
    </div>
  );
}
