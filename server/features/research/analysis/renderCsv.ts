// Report as CSV: both tables in one file, each preceded by its caption and
// followed by its notes, separated by a blank line (opens cleanly in a
// spreadsheet). Text that comes from the data (group names, levels) is
// neutralised against spreadsheet formula injection.
import { toCsv } from './csv.js';
import { buildReportModel, rowInHeaderOrder, type RenderOptions } from './report.js';
import type { AnalysisResult } from './types.js';

/**
 * Prefix cells a spreadsheet would evaluate as formulas (=, +, -, @, tab, CR,
 * also after leading spaces) with an apostrophe; numbers like -0.26 pass.
 */
export function neutralizeFormula(cell: string): string {
  const t = cell.replace(/^ +/, '');
  if (/^[=+@\t\r]/.test(t) || /^-(?![\d.])/.test(t)) return `'${cell}`;
  return cell;
}

export function renderCsv(result: AnalysisResult, options: RenderOptions = {}): string {
  const model = buildReportModel(result, options);
  const records: string[][] = [];
  for (const t of model.tables) {
    if (records.length) records.push([]);
    records.push([t.caption]);
    records.push(t.header.map(neutralizeFormula));
    for (const row of t.rows) {
      const label = row.kind === 'variable' ? neutralizeFormula(row.label) : `  ${neutralizeFormula(row.label)}`;
      // "—" (no value) becomes NA; labels and levels come from the data, so neutralise them
      records.push(rowInHeaderOrder(t, row, label).map((c) => neutralizeFormula(c.replace(/—/g, 'NA'))));
    }
    for (const note of t.notes) records.push([note]);
  }
  if (model.warnings.length) {
    records.push([]);
    for (const w of model.warnings) records.push([`Warning: ${w}`]);
  }
  return toCsv(records);
}
