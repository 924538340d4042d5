import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { dateTime, longDate, money, type Payment, type StatementSummary } from './format';
import { StatusTag } from './BillingPage';
import './billing.css';

type Account = { id: string; accountNumber: string; guarantorName: string; balanceCents: number; patientName?: string; mrn?: string; openStatements?: number };
type Overview = {
  totals: { outstandingCents: number; accountsWithBalance: number; paidLast30DaysCents: number };
  accounts: Account[]; payments: (Payment & { patientName: string; accountNumber: string })[];
};

/** The billing office: accounts of this organization with what is owed, and the latest payments. */
export function StaffBillingPage() {
  const [input, setInput] = useState('');
  const [search, setSearch] = useState('');
  const q = useQuery({ queryKey: ['billing', 'office', search], queryFn: () => api<Overview>(`/api/billing/staff/overview?q=${encodeURIComponent(search)}`) });
  const submit = (e: FormEvent) => { e.preventDefault(); setSearch(input.trim()); };
  return (
    <div className="page">
      <h1>Billing office</h1>
      {q.isError && <p className="error" role="alert">We could not load the accounts. Please reload the page.</p>}
      {q.data && (
        <dl className="summary-list">
          <dt>Owed to the organization</dt><dd>{money(q.data.totals.outstandingCents)}</dd>
          <dt>Accounts with a balance</dt><dd>{q.data.totals.accountsWithBalance}</dd>
          <dt>Paid in the last 30 days</dt><dd>{money(q.data.totals.paidLast30DaysCents)}</dd>
        </dl>
      )}
      <form role="search" onSubmit={submit} className="inline-fields">
        <div className="field">
          <label htmlFor="acct-q">Find an account by name, MRN or account number</label>
          <input id="acct-q" type="search" value={input} onChange={(e) => setInput(e.target.value)} />
        </div>
        <div className="field" style={{ justifyContent: 'flex-end', flex: '0 0 auto' }}><button className="button" type="submit">Search</button></div>
      </form>
      <section aria-labelledby="acct-h">
        <h2 id="acct-h">Accounts</h2>
        {q.isLoading && <p role="status">Loading…</p>}
        {q.data && q.data.accounts.length === 0 && <p role="status">No accounts match.</p>}
        {q.data && q.data.accounts.length > 0 && (
          <table className="stack">
            <caption className="visually-hidden">Accounts, largest balance first</caption>
            <thead><tr><th scope="col">Patient</th><th scope="col">MRN</th><th scope="col">Account</th><th scope="col" className="num">Balance</th><th scope="col" className="num">Open statements</th></tr></thead>
            <tbody>
              {q.data.accounts.map((a) => (
                <tr key={a.id}>
                  <th scope="row"><Link to={`/billing/office/accounts/${a.id}`}>{a.patientName}</Link></th>
                  <td data-label="MRN">{a.mrn}</td><td data-label="Account">{a.accountNumber}</td>
                  <td data-label="Balance" className="num">{money(a.balanceCents)}</td><td data-label="Open statements" className="num">{a.openStatements}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="pmt-h">
        <h2 id="pmt-h">Latest payments</h2>
        {q.data && (
          <table className="stack">
            <caption className="visually-hidden">Latest payments</caption>
            <thead><tr><th scope="col">When</th><th scope="col">Patient</th><th scope="col" className="num">Amount</th><th scope="col">Result</th><th scope="col">Receipt</th></tr></thead>
            <tbody>
              {q.data.payments.map((p) => (
                <tr key={p.id}>
                  <td data-label="When">{dateTime(p.paidAt)}</td><td data-label="Patient">{p.patientName}</td>
                  <td data-label="Amount" className="num">{money(p.amountCents)}</td>
                  <td data-label="Result">{p.status === 'succeeded' ? 'Paid' : `Declined: ${p.declineReason ?? ''}`}</td>
                  <td data-label="Receipt">{p.receiptNumber ? <Link to={`/billing/payments/${p.id}`}>{p.receiptNumber}</Link> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

export function StaffAccountPage() {
  const { accountId = '' } = useParams();
  const q = useQuery({ queryKey: ['billing', 'office', 'account', accountId],
    queryFn: () => api<{ account: Account; statements: StatementSummary[]; payments: Payment[] }>(`/api/billing/staff/accounts/${accountId}`) });
  if (q.isLoading) return <div className="page"><h1>Account</h1><p role="status">Loading…</p></div>;
  if (!q.data) return <div className="page"><h1>Account</h1><p className="error" role="alert">This account was not found.</p></div>;
  const { account: a, statements, payments } = q.data;
  return (
    <div className="page">
      <p><Link to="/billing/office">← Billing office</Link></p>
      <h1>Account {a.accountNumber}: {a.patientName}</h1>
      <p className="big-amount">Balance {money(a.balanceCents)}</p>
      <h2>Statements</h2>
      <ul className="plain">
        {statements.map((s) => (
          <li key={s.id}><Link to={`/billing/statements/${s.id}`}>Statement {s.number}</Link> of {longDate(s.statementDate)}: {money(s.balanceCents)} owed of {money(s.amountDueCents)} — <StatusTag status={s.status} text={s.statusText} /></li>
        ))}
      </ul>
      <h2>Payments</h2>
      {payments.length === 0 ? <p>No payments.</p> : (
        <ul className="plain">
          {payments.map((p) => <li key={p.id}>{dateTime(p.paidAt)}: {money(p.amountCents)} — {p.status === 'succeeded' ? `paid, receipt ${p.receiptNumber}` : `declined (${p.declineReason})`}</li>)}
        </ul>
      )}
    </div>
  );
}
