import { useEffect, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { dateTime, money, type Payment } from './format';
import './billing.css';
import { useTranslation } from 'react-i18next';

type Receipt = { payment: Payment; accountNumber: string; guarantorName: string; statementBalanceCents: number | null };

export function ReceiptPage() {
  const { paymentId = '' } = useParams();
  const [params] = useSearchParams();
  const fresh = params.get('new') === '1';
  const { t } = useTranslation('billing');
  const q = useQuery({ queryKey: ['billing', 'receipt', paymentId], queryFn: () => api<Receipt>(`/api/billing/payments/${paymentId}`) });
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => { if (q.data && fresh) heading.current?.focus(); }, [q.data, fresh]);
  if (q.isLoading) return <div className="page"><h1>{t('receipt.title')}</h1><p role="status">{t('receipt.loading')}</p></div>;
  if (!q.data) return <div className="page"><h1>{t('receipt.title')}</h1><p className="error" role="alert">{t('receipt.notFound')}</p><Link to="/billing">{t('receipt.back')}</Link></div>;
  const { payment: p, statementBalanceCents } = q.data;
  return (
    <div className="page">
      <h1 ref={heading} tabIndex={-1}>{fresh ? t('receipt.thanks') : t('receipt.payment')}</h1>
      <div className="receipt" role={fresh ? 'status' : undefined}>
        <h2>{t('receipt.receiptN', { number: p.receiptNumber ?? '' })}</h2>
        <dl className="summary-list">
          <dt>{t('receipt.amount')}</dt><dd><strong>{money(p.amountCents)}</strong></dd>
          <dt>{t('receipt.paidOn')}</dt><dd>{dateTime(p.paidAt)}</dd>
          <dt>{t('receipt.card')}</dt><dd>{t('receipt.cardText', { brand: p.cardBrand ?? '', last4: p.cardLast4 ?? '' })}</dd>
          <dt>{t('receipt.statement')}</dt><dd>{p.statementNumber}</dd>
          <dt>{t('receipt.account')}</dt><dd>{q.data.accountNumber} ({q.data.guarantorName})</dd>
          {statementBalanceCents !== null && <><dt>{t('receipt.stillOwed')}</dt><dd>{money(statementBalanceCents)}</dd></>}
        </dl>
      </div>
      <div className="actions">
        <button type="button" className="button secondary" onClick={() => window.print()}>{t('receipt.print')}</button>
        {p.statementId && <Link to={`/billing/statements/${p.statementId}`}>{t('receipt.backStatement')}</Link>}
        <Link to="/billing">{t('receipt.allBills')}</Link>
      </div>
    </div>
  );
}
