import { useEffect, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { dateTime, money, type Payment } from './format';
import './billing.css';

type Receipt = { payment: Payment; accountNumber: string; guarantorName: string; statementBalanceCents: number | null };

export function ReceiptPage() {
  const { paymentId = '' } = useParams();
  const [params] = useSearchParams();
  const fresh = params.get('new') === '1';
  const q = useQuery({ queryKey: ['billing', 'receipt', paymentId], queryFn: () => api<Receipt>(`/api/billing/payments/${paymentId}`) });
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => { if (q.data && fresh) heading.current?.focus(); }, [q.data, fresh]);
  if (q.isLoading) return <div className="page"><h1>Receipt</h1><p role="status">Loading your receipt…</p></div>;
  if (!q.data) return <div className="page"><h1>Receipt</h1><p className="error" role="alert">This receipt was not found.</p><Link to="/billing">Back to billing</Link></div>;
  const { payment: p, statementBalanceCents } = q.data;
  return (
    <div className="page">
      <h1 ref={heading} tabIndex={-1}>{fresh ? 'Thank you. Your payment went through.' : 'Payment receipt'}</h1>
      <div className="receipt" role={fresh ? 'status' : undefined}>
        <h2>Receipt {p.receiptNumber}</h2>
        <dl className="summary-list">
          <dt>Amount paid</dt><dd><strong>{money(p.amountCents)}</strong></dd>
          <dt>Paid on</dt><dd>{dateTime(p.paidAt)}</dd>
          <dt>Card</dt><dd>{p.cardBrand} ending in {p.cardLast4}</dd>
          <dt>Statement</dt><dd>{p.statementNumber}</dd>
          <dt>Account</dt><dd>{q.data.accountNumber} ({q.data.guarantorName})</dd>
          {statementBalanceCents !== null && <><dt>Still owed on this statement</dt><dd>{money(statementBalanceCents)}</dd></>}
        </dl>
      </div>
      <div className="actions">
        <button type="button" className="button secondary" onClick={() => window.print()}>Print receipt</button>
        {p.statementId && <Link to={`/billing/statements/${p.statementId}`}>Back to the statement</Link>}
        <Link to="/billing">All bills</Link>
      </div>
    </div>
  );
}
