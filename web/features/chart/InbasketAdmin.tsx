import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import './chart.css';

// /admin/inbasket: message pools and their response targets, which pool gets each kind of message per clinic, and the
// categories patients choose from.

type Pool = { id: string; name: string; clinicId: string; clinicName: string; targetBusinessHours: number; dayStartHour: number; dayEndHour: number;
  timezone: string; isDefault: boolean; members: number; leadName: string | null };
type Rule = { clinicId: string; clinicName: string; category: string; categoryLabel: string; poolId: string; poolName: string };
type Category = { code: string; label: string; whoHandles: string; billable: boolean; active: boolean };

const errText = (e: unknown) => (e instanceof ApiError ? e.message : 'That did not work. Please try again.');

export function InbasketAdmin() {
  const pools = useQuery({ queryKey: ['admin', 'pools'], queryFn: () => api<{ pools: Pool[] }>('/api/admin/inbasket/pools') });
  const rules = useQuery({ queryKey: ['admin', 'rules'], queryFn: () => api<{ rules: Rule[] }>('/api/admin/inbasket/routing-rules') });
  const cats = useQuery({ queryKey: ['admin', 'categories'], queryFn: () => api<{ categories: Category[] }>('/api/admin/inbasket/categories') });
  return (
    <div className="page chart">
      <h1>Message routing</h1>
      <p className="lead">Teams (pools) that answer patient messages, how fast they aim to reply, and which team gets each kind of message.</p>
      <section aria-labelledby="pools-h">
        <h2 id="pools-h">Teams and reply targets</h2>
        {pools.isLoading ? <p role="status">Loading…</p> : pools.isError ? <p className="error" role="alert">{errText(pools.error)}</p> : (
          <div className="table-wrap">
            <table className="settings-table">
              <caption className="visually-hidden">Message teams</caption>
              <thead><tr><th scope="col">Team</th><th scope="col">Clinic</th><th scope="col">Members</th><th scope="col">Business hours</th><th scope="col">Reply target</th></tr></thead>
              <tbody>{pools.data!.pools.map((p) => <PoolRow key={p.id} p={p} />)}</tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="rules-h">
        <h2 id="rules-h">Routing rules</h2>
        <p className="hint">A message of a category at a clinic goes to the team named here. Without a rule it goes to the clinic’s default team.</p>
        {rules.isLoading ? <p role="status">Loading…</p> : rules.isError ? <p className="error" role="alert">{errText(rules.error)}</p> : (
          <div className="table-wrap">
            <table className="settings-table">
              <caption className="visually-hidden">Routing rules</caption>
              <thead><tr><th scope="col">Clinic</th><th scope="col">Category</th><th scope="col">Goes to team</th></tr></thead>
              <tbody>{rules.data!.rules.map((r) => <RuleRow key={`${r.clinicId}:${r.category}`} r={r} pools={pools.data?.pools ?? []} />)}</tbody>
            </table>
          </div>
        )}
        {pools.data && cats.data && <NewRule pools={pools.data.pools} categories={cats.data.categories} />}
      </section>
      <section aria-labelledby="cats-h">
        <h2 id="cats-h">Categories</h2>
        {cats.isLoading ? <p role="status">Loading…</p> : cats.isError ? <p className="error" role="alert">{errText(cats.error)}</p> : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Message categories</caption>
              <thead><tr><th scope="col">Category</th><th scope="col">Code</th><th scope="col">Who handles (told to patients)</th><th scope="col">Counts toward digital visits</th><th scope="col">Offered to patients</th></tr></thead>
              <tbody>{cats.data!.categories.map((c) => (
                <tr key={c.code}><td>{c.label}</td><td><code>{c.code}</code></td><td>{c.whoHandles}</td><td>{c.billable ? 'Yes' : 'No'}</td><td>{c.active ? 'Yes' : 'No'}</td></tr>
              ))}</tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

function PoolRow({ p }: { p: Pool }) {
  const qc = useQueryClient();
  const [hours, setHours] = useState(String(p.targetBusinessHours));
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setMsg(null);
    try {
      const r = await api<{ pool: Pool }>(`/api/admin/inbasket/pools/${p.id}`, { method: 'PATCH', body: { targetBusinessHours: Number(hours) } });
      setMsg({ ok: true, text: `Saved: ${r.pool.targetBusinessHours} business hours.` });
      await qc.invalidateQueries({ queryKey: ['admin', 'pools'] });
    } catch (err) { setMsg({ ok: false, text: errText(err) }); }
  };
  const id = `target-${p.id}`;
  return (
    <tr>
      <th scope="row">{p.name}{p.isDefault ? <span className="hint"> (default team)</span> : null}</th>
      <td>{p.clinicName}</td>
      <td>{p.members}</td>
      <td>{p.dayStartHour}:00–{p.dayEndHour}:00 <span className="hint">{p.timezone}</span></td>
      <td>
        <form onSubmit={save} className="inline-form" aria-label={`Reply target for ${p.name}, ${p.clinicName}`}>
          <label htmlFor={id} className="visually-hidden">Reply target in business hours for {p.name}, {p.clinicName}</label>
          <input id={id} type="number" min={1} max={200} value={hours} onChange={(e) => setHours(e.target.value)} /> <span aria-hidden="true">hours</span>
          <button className="button secondary" type="submit">Save<span className="visually-hidden"> target for {p.name}, {p.clinicName}</span></button>
        </form>
        {msg && <p className={msg.ok ? 'hint' : 'error'} role={msg.ok ? 'status' : 'alert'}>{msg.text}</p>}
      </td>
    </tr>
  );
}

function RuleRow({ r, pools }: { r: Rule; pools: Pool[] }) {
  const qc = useQueryClient();
  const [poolId, setPoolId] = useState(r.poolId);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setMsg(null);
    try {
      const res = await api<{ rule: Rule }>('/api/admin/inbasket/routing-rules', { method: 'PUT', body: { clinicId: r.clinicId, category: r.category, poolId } });
      setMsg({ ok: true, text: `Saved: goes to ${res.rule.poolName}.` });
      await qc.invalidateQueries({ queryKey: ['admin', 'rules'] });
    } catch (err) { setMsg({ ok: false, text: errText(err) }); }
  };
  const id = `rule-${r.clinicId}-${r.category}`;
  return (
    <tr>
      <td>{r.clinicName}</td>
      <th scope="row">{r.categoryLabel}</th>
      <td>
        <form onSubmit={save} className="inline-form" aria-label={`Team for ${r.categoryLabel} at ${r.clinicName}`}>
          <label htmlFor={id} className="visually-hidden">Team for {r.categoryLabel} at {r.clinicName}</label>
          <select id={id} value={poolId} onChange={(e) => setPoolId(e.target.value)}>
            {pools.map((p) => <option key={p.id} value={p.id}>{p.name} ({p.clinicName})</option>)}
          </select>
          <button className="button secondary" type="submit">Save<span className="visually-hidden"> team for {r.categoryLabel} at {r.clinicName}</span></button>
        </form>
        {msg && <p className={msg.ok ? 'hint' : 'error'} role={msg.ok ? 'status' : 'alert'}>{msg.text}</p>}
      </td>
    </tr>
  );
}

function NewRule({ pools, categories }: { pools: Pool[]; categories: Category[] }) {
  const qc = useQueryClient();
  const clinics = [...new Map(pools.map((p) => [p.clinicId, p.clinicName])).entries()];
  const [f, setF] = useState({ clinicId: clinics[0]?.[0] ?? '', category: categories[0]?.code ?? '', poolId: pools[0]?.id ?? '' });
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setMsg(null);
    try {
      const r = await api<{ rule: Rule }>('/api/admin/inbasket/routing-rules', { method: 'PUT', body: f });
      setMsg({ ok: true, text: `Saved: ${r.rule.categoryLabel} at ${r.rule.clinicName} goes to ${r.rule.poolName}.` });
      await qc.invalidateQueries({ queryKey: ['admin', 'rules'] });
    } catch (err) { setMsg({ ok: false, text: errText(err) }); }
  };
  return (
    <form onSubmit={save} className="panel" aria-labelledby="newrule-h">
      <h3 id="newrule-h">Add or change a rule</h3>
      <div className="field"><label htmlFor="nr-clinic">Clinic</label>
        <select id="nr-clinic" value={f.clinicId} onChange={(e) => setF({ ...f, clinicId: e.target.value })}>
          {clinics.map(([id, name]) => <option key={id} value={id}>{name}</option>)}
        </select></div>
      <div className="field"><label htmlFor="nr-cat">Category</label>
        <select id="nr-cat" value={f.category} onChange={(e) => setF({ ...f, category: e.target.value })}>
          {categories.map((c) => <option key={c.code} value={c.code}>{c.label}</option>)}
        </select></div>
      <div className="field"><label htmlFor="nr-pool">Team</label>
        <select id="nr-pool" value={f.poolId} onChange={(e) => setF({ ...f, poolId: e.target.value })}>
          {pools.map((p) => <option key={p.id} value={p.id}>{p.name} ({p.clinicName})</option>)}
        </select></div>
      {msg && <p className={msg.ok ? 'hint' : 'error'} role={msg.ok ? 'status' : 'alert'}>{msg.text}</p>}
      <button className="button" type="submit">Save rule</button>
    </form>
  );
}
