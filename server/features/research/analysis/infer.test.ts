// Column types decided from the data (issue 14): a CSV shaped like the study's
// Table 1, where "Duration of portal use" is given in brackets, runs with the
// defaults; --categorical / --continuous still override.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAnalyze } from '../../../cli/analyze.js';
import { sortLevels } from './format.js';
import { analyze, parseCsv, toCsv, type CategoricalVariable } from './index.js';

const HEADER = ['participant_id', 'group', 'age', 'gender', 'race', 'education_years', 'income', 'diabetes_years',
  'portal_duration', 'diabetes_medication', 'bmi', 'a1c', 'use_lab_results', 'use_message_doctor'];
const DURATIONS = ['>3 years', '1-3 years', '<3 months', '1-3 years', '>3 years', '>3 years'];
// 12 participants: 8 focus group, 4 survey only; durations cycle through DURATIONS.
const rows = Array.from({ length: 12 }, (_, i) => [
  `P${i + 1}`, i < 8 ? 'focus_group' : 'survey_only', String(50 + i), i % 2 ? 'Female' : 'Male', 'White', String(12 + (i % 4)),
  ['<$20,000', '$20,000-$49,999', '>=$50,000'][i % 3], String(2 + i), i === 5 ? '' : DURATIONS[i % 6], i % 3 ? 'Oral' : 'Insulin',
  String(28 + (i % 5)), String(6.5 + (i % 4) / 2), String(1 + (i % 6)), String(6 - (i % 6)),
]);
const csv = (r = rows) => toCsv([HEADER, ...r]);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-infer-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
async function run(text: string, ...argv: string[]) {
  const file = path.join(dir, `d${Math.random().toString(36).slice(2)}.csv`);
  fs.writeFileSync(file, text);
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAnalyze([file, ...argv], { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('Table 1 column types from the data', () => {
  it('describes a bracketed duration column as categorical, levels in their natural order', () => {
    const r = analyze(parseCsv(csv()));
    expect(r.options.inferred).toEqual(['portal_duration']);
    expect(r.options.continuous).toEqual(['age', 'education_years', 'diabetes_years', 'bmi', 'a1c']);
    expect(r.options.categorical).toEqual(['gender', 'race', 'income', 'diabetes_medication', 'portal_duration']);
    const v = r.table1.variables.find((x) => x.name === 'portal_duration') as CategoricalVariable;
    expect(v.type).toBe('categorical');
    // rows 1..12 (row 6 empty): >3y at 1,5,7,11,12; 1-3y at 2,4,8,10; <3m at 3,9
    expect(v.overall.levels).toEqual([
      { level: '<3 months', count: 2, pct: (100 * 2) / 11 },
      { level: '1-3 years', count: 4, pct: (100 * 4) / 11 },
      { level: '>3 years', count: 5, pct: (100 * 5) / 11 },
    ]);
    expect(v.overall.missing).toBe(1);
    expect(v.byGroup.survey_only.levels.map((l) => l.count)).toEqual([1, 1, 2]);
    expect(v.test?.name).toBe("Fisher's exact");
    expect(r.warnings).toContain('column "portal_duration" is described as categorical because its values are not all numbers (e.g. ">3 years"); name it in --continuous to require numbers');
  });

  it('runs from the CLI with the defaults (no "is not a number")', async () => {
    const { code, out, err } = await run(csv(), '--format', 'csv');
    expect(code).toBe(0);
    expect(err).toMatch(/warning: column "portal_duration" is described as categorical/);
    const lines = out.split(/\r?\n/);
    const at = lines.findIndex((l) => l.startsWith('"Portal use duration, n (%)"'));
    expect(at).toBeGreaterThan(-1);
    expect(lines.slice(at + 1, at + 4).map((l) => l.split(',')[0])).toEqual(['  <3 months', '  1-3 years', '  >3 years']);
    expect(lines[at + 1]).toMatch(/^ {2}<3 months,2 \(18\.2%\),1 \(14\.3%\),1 \(25\.0%\)/);
  });

  it('--continuous still forces numbers, --categorical names the type without a warning', async () => {
    const forced = await run(csv(), '--continuous', 'portal_duration');
    expect(forced.code).toBe(2);
    expect(forced.err).toMatch(/row 1 \(line 2\), column "portal_duration": ">3 years" is not a number \(leave the cell empty if missing\)/);
    const told = analyze(parseCsv(csv()), { categorical: ['portal_duration', 'gender'] });
    expect(told.options.inferred).toEqual([]);
    expect(told.options.categorical).toEqual(['portal_duration', 'gender']);
    expect(told.options.continuous).toEqual(['age', 'education_years', 'diabetes_years', 'bmi', 'a1c']);
    expect(told.warnings.join(' ')).not.toMatch(/described as categorical/);
  });

  it('a numeric column with a few bad cells still stops, naming the cell and the way out', () => {
    const typo = rows.map((r, i) => (i === 3 ? r.map((c, j) => (j === HEADER.indexOf('bmi') ? '31,5' : c)) : r));
    expect(() => analyze(parseCsv(csv(typo)))).toThrow(
      'row 4 (line 5), column "bmi": "31,5" is not a number (leave the cell empty if missing, or name the column in --categorical)',
    );
    const na = rows.map((r, i) => (i < 2 ? r.map((c, j) => (j === HEADER.indexOf('age') ? 'NA' : c)) : r));
    expect(() => analyze(parseCsv(csv(na)))).toThrow(/column "age": "NA" is not a number/);
  });

  it('all-numeric default columns stay continuous', () => {
    const numeric = rows.map((r) => r.map((c, j) => (j === HEADER.indexOf('portal_duration') ? String(j % 5) : c)));
    const r = analyze(parseCsv(csv(numeric)));
    expect(r.options.inferred).toEqual([]);
    expect(r.table1.variables.find((x) => x.name === 'portal_duration')?.type).toBe('continuous');
  });
});

describe('recognisable level order', () => {
  it.each([
    [['>3 years', '1-3 years', '<3 months', '3-12 months'], ['<3 months', '3-12 months', '1-3 years', '>3 years']],
    [['5 years or more', 'Less than 6 months', '1-2 years', '6-11 months'], ['Less than 6 months', '6-11 months', '1-2 years', '5 years or more']],
    [['2+ years', 'Never', '1 week'], ['Never', '1 week', '2+ years']],
    [['Often', 'Never', 'Always', 'Sometimes', 'Rarely'], ['Never', 'Rarely', 'Sometimes', 'Often', 'Always']],
    [['Agree', 'Strongly agree', 'Disagree', 'Neutral'], ['Disagree', 'Neutral', 'Agree', 'Strongly agree']],
    [['High', 'low', 'Medium'], ['low', 'Medium', 'High']],
    [['>=$100,000', '<$20,000', '$20,000-$49,999'], ['<$20,000', '$20,000-$49,999', '>=$100,000']],
    [['Oral', 'Insulin', 'Both'], ['Both', 'Insulin', 'Oral']],
  ])('%j', (input, expected) => {
    expect(sortLevels(input)).toEqual(expected);
  });
});
