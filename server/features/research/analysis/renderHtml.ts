// Report as one standalone, accessible HTML page: real <table>s with a
// <caption>, <th scope="col"> headers and <th scope="row"> row headers, notes
// linked with aria-describedby, and every piece of text HTML-escaped (group
// names and levels come from user data).
import { buildReportModel, type RenderOptions, type TableModel } from './report.js';
import type { AnalysisResult } from './types.js';

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
body{font-family:system-ui,sans-serif;margin:2rem;color:#111;line-height:1.4}
table{border-collapse:collapse;margin:1rem 0;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:.5rem 0}
th,td{border-bottom:1px solid #ccc;padding:.25rem .6rem;text-align:right;vertical-align:top}
th[scope=row],thead th:first-child{text-align:left}
th.sub{font-weight:normal;padding-left:1.6rem}
.notes{font-size:.9rem;color:#333}`;

function tableHtml(t: TableModel, id: string): string {
  const head = t.header.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = t.rows
    .map((row) => {
      const cls = row.kind === 'variable' ? '' : ' class="sub"';
      const th = `<th scope="row"${cls}>${escapeHtml(row.label)}</th>`;
      const tds = row.cells.map((c) => `<td>${escapeHtml(c)}</td>`);
      return `<tr>${[...tds.slice(0, t.labelColumn), th, ...tds.slice(t.labelColumn)].join('')}</tr>`;
    })
    .join('\n');
  const notes = t.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('');
  return `<table aria-describedby="${id}-notes">
<caption>${escapeHtml(t.caption)}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>
<ul class="notes" id="${id}-notes">${notes}</ul>`;
}

export function renderHtml(result: AnalysisResult, options: RenderOptions = {}): string {
  const m = buildReportModel(result, options);
  const warnings = m.warnings.length
    ? `<section aria-labelledby="warn-h"><h2 id="warn-h">Warnings</h2><ul>${m.warnings
        .map((w) => `<li>${escapeHtml(w)}</li>`)
        .join('')}</ul></section>`
    : '';
  const methods = `<section aria-labelledby="methods-h"><h2 id="methods-h">Methods</h2><ul>${m.methods
    .map((s) => `<li>${escapeHtml(s)}</li>`)
    .join('')}</ul></section>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(m.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(m.title)}</h1>
<p>${escapeHtml(m.summary)}</p>
${m.tables.map((t, i) => tableHtml(t, `table${i === 0 ? 1 : 4}`)).join('\n')}
${warnings}
${methods}
</main>
</body>
</html>
`;
}
