import { useState } from 'react';
import { TZ } from './api';
import { RecordNav } from './RecordNav';
import './record.css';

/** View, print or download the record: all of it or a date range. */
export function Download() {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const qs = new URLSearchParams({ ...(from ? { from } : {}), ...(to ? { to } : {}) }).toString();
  const bad = from && to && from > to;
  return (
    <div className="page">
      <h1>Download or print my record</h1>
      <RecordNav />
      <p className="lead">Get a copy of your health record to keep or to give to another doctor.</p>
      <fieldset>
        <legend>Which dates? (leave empty for all)</legend>
        <div className="inline-fields">
          <div className="field"><label htmlFor="dl-from">From</label><input id="dl-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} /></div>
          <div className="field"><label htmlFor="dl-to">To</label><input id="dl-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} /></div>
        </div>
        {bad && <p className="error" role="alert">The “From” date must be before the “To” date.</p>}
      </fieldset>
      <ul className="cards">
        <li className="card">
          <a href={`/api/record/summary.html?${new URLSearchParams({ ...(from ? { from } : {}), ...(to ? { to } : {}), tz: TZ })}`} target="_blank" rel="noopener">Open a printable summary</a>
          <p>Easy to read. Use your browser’s Print command to print it or save it as a PDF.</p>
        </li>
        <li className="card">
          <a href={`/api/record/export.json${qs ? `?${qs}` : ''}`} download>Download for another health app (FHIR file)</a>
          <p>A standard file that other health record systems and apps can read.</p>
        </li>
      </ul>
      <p className="hint">Your record is private. Keep downloaded files safe, and only share them with people you trust.</p>
    </div>
  );
}
