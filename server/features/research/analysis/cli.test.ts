// End-to-end tests of `portico analyze` (server/cli/analyze.ts) on a CSV file
// written to a temp dir. The data come from a seeded generator defined here,
// and the expected numbers are recomputed here by simple, independent
// methods (pair counting, hypergeometric sums, counting ranks).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jStat from 'jstat';
import { afterAll, describe, expect, it } from 'vitest';
import { runAnalyze } from '../../../cli/analyze.js';
import { createRng } from '../../../../stats/index.js';
import { parseCsvRecords, toCsv, type AnalysisResult } from './index.js';

const FEATURES = ['lab_results', 'medical_record', 'message_doctor', 'request_appointment', 'billing',
  'directory', 'find_doctor', 'pay_bills', 'maps', 'insurance'].map((f) => `use_${f}`);
const HEADER = ['participant_id', 'group', 'age', 'gender', 'race', 'education_years', 'income', 'diabetes_years',
  'portal_duration', 'diabetes_medication', 'bmi', 'a1c', ...FEATURES, 'note'];

// ---- seeded test data (54 participants, 39 + 15) --------------------------
const rng = createRng(31337);
const N = 54;
const data = Array.from({ length: N }, (_, i) => {
  const e = rng.normal();
  return {
    group: i < 39 ? 'focus_group' : 'survey_only',
    age: 45 + rng.int(30) + (i < 39 ? 0 : 3),
    gender: rng.next() < 0.55 ? 'Female' : 'Male',
    race: ['White', 'Black', 'Asian, Pacific Islander'][rng.int(3)],
    income: ['<$20,000', '$20,000-$49,999', '>=$50,000'][rng.int(3)],
    a1c: i === 7 ? null : Math.round((7 - 0.5 * e + rng.normal()) * 10) / 10,
    ratings: FEATURES.map((_, k) => (i === 3 && k === 0 ? null : Math.min(6, Math.max(1, Math.round(3 + e * (k < 4 ? 1.2 : 0.3) + rng.normal()))))),
  };
});
const records = data.map((d, i) => [
  `P${i + 1}`, d.group, String(d.age), d.gender, d.race, String(10 + rng.int(8)), d.income, String(1 + rng.int(20)),
  String(rng.int(50) / 10), ['Oral', 'Insulin'][rng.int(2)], String(25 + rng.int(15)), d.a1c === null ? '' : String(d.a1c),
  ...d.ratings.map((r) => (r === null ? '' : String(r))),
  i === 1 ? 'said "hello",\nthen left' : '', // a quoted field spanning two lines (row 2)
]);
const csvText = (rows: string[][]) => toCsv([HEADER, ...rows]);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-analyze-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
function writeCsv(text: string): string {
  const file = path.join(dir, `data-${++fileNo}.csv`);
  fs.writeFileSync(file, text);
  return file;
}
async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAnalyze(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const good = writeCsv(csvText(records));

// ---- independent reference computations -----------------------------------
const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sdOf = (xs: number[]) => Math.sqrt(xs.reduce((a, x) => a + (x - meanOf(xs)) ** 2, 0) / (xs.length - 1));
const rankIn = (xs: number[], v: number) => xs.filter((x) => x < v).length + (xs.filter((x) => x === v).length + 1) / 2;
function choose(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}
const ages = (g: string) => data.filter((d) => d.group === g).map((d) => d.age);

describe('portico analyze (JSON)', async () => {
  const { code, out, err } = await run(good);
  const r = JSON.parse(out) as AnalysisResult;

  it('exits 0 with the documented shape', () => {
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(r.n).toBe(54);
    expect(r.table1.groups).toEqual(['focus_group', 'survey_only']);
    expect(r.table1.groupN).toEqual({ focus_group: 39, survey_only: 15 });
    expect(r.table1.variables.map((v) => `${v.name}:${v.type}`)).toEqual([
      'age:continuous', 'education_years:continuous', 'diabetes_years:continuous', 'portal_duration:continuous',
      'bmi:continuous', 'a1c:continuous', 'gender:categorical', 'race:categorical', 'income:categorical',
      'diabetes_medication:categorical',
    ]);
    expect(r.table4.features.map((f) => f.name)).toEqual(FEATURES);
    expect(r.table4.correlations).toHaveLength(45);
    expect(r.table4.outcome).toHaveLength(10);
  });

  it('matches independently computed Table 1 numbers', () => {
    const age = r.table1.variables.find((v) => v.name === 'age')!;
    const fg = age.byGroup.focus_group as { mean: number; sd: number };
    expect(fg.mean).toBeCloseTo(meanOf(ages('focus_group')), 10);
    expect(fg.sd).toBeCloseTo(sdOf(ages('focus_group')), 10);
    let u = 0; // U by pair counting
    for (const x of ages('focus_group')) for (const y of ages('survey_only')) u += x > y ? 1 : x === y ? 0.5 : 0;
    expect(age.test).toMatchObject({ name: 'Mann-Whitney U', statistic: u });

    // Fisher 2×2 for gender by direct hypergeometric enumeration
    const f1 = data.filter((d) => d.group === 'focus_group' && d.gender === 'Female').length;
    const fem = data.filter((d) => d.gender === 'Female').length;
    const prob = (x: number) => (choose(39, x) * choose(15, fem - x)) / choose(54, fem);
    let p = 0;
    for (let x = Math.max(0, fem - 15); x <= Math.min(39, fem); x++) if (prob(x) <= prob(f1) * (1 + 1e-7)) p += prob(x);
    expect(r.table1.variables.find((v) => v.name === 'gender')!.test!.p).toBeCloseTo(p, 9);
  });

  it('matches independently computed Table 4 numbers', () => {
    const k = FEATURES.indexOf('use_message_doctor');
    const pairs = data.filter((d) => d.a1c !== null && d.ratings[k] !== null);
    const xs = pairs.map((d) => d.ratings[k] as number);
    const ys = pairs.map((d) => d.a1c as number);
    const rx = xs.map((v) => rankIn(xs, v));
    const ry = ys.map((v) => rankIn(ys, v));
    const cov = rx.reduce((a, v, i) => a + (v - meanOf(rx)) * (ry[i] - meanOf(ry)), 0);
    const rho = cov / ((xs.length - 1) * sdOf(rx) * sdOf(ry));
    const t = rho * Math.sqrt((pairs.length - 2) / (1 - rho * rho));
    const o = r.table4.outcome.find((x) => x.feature === 'use_message_doctor')!;
    expect(o.n).toBe(53);
    expect(o.rho).toBeCloseTo(rho, 10);
    expect(o.p).toBeCloseTo(2 * jStat.studentt.cdf(-Math.abs(t), pairs.length - 2), 7);

    const lab = r.table4.features[0];
    const labRatings = data.map((d) => d.ratings[0]).filter((v): v is number => v !== null);
    expect(lab.n).toBe(53);
    expect(lab.frequentUsePct).toBeCloseTo((100 * labRatings.filter((v) => v >= 4).length) / 53, 10);
    expect(lab.mean).toBeCloseTo(meanOf(labRatings), 10);
  });
});

describe('portico analyze (CSV and HTML)', () => {
  it('prints a CSV report with both tables', async () => {
    const { code, out } = await run(good, '--format', 'csv');
    expect(code).toBe(0);
    const recs = parseCsvRecords(out);
    expect(recs.some((row) => row[0].startsWith('Table 1'))).toBe(true);
    expect(recs.some((row) => row[0].startsWith('Table 4'))).toBe(true);
    expect(recs.flat()).toContain('focus_group (n=39)');
    const ageRow = recs.find((row) => row[0] === 'Age (years), mean (SD)')!;
    const all = data.map((d) => d.age);
    expect(ageRow[1]).toBe(`${meanOf(all).toFixed(1)} (${sdOf(all).toFixed(1)})`);
    const withNs = parseCsvRecords((await run(good, '--format', 'csv', '--ns')).out).flat();
    expect(withNs).toContain('NS');
    expect(recs.flat()).not.toContain('NS');
  });

  it('prints a standalone HTML report', async () => {
    const { code, out } = await run(good, '--format', 'html', '--group', 'gender', '--categorical', 'race');
    expect(code).toBe(0);
    expect(out).toMatch(/^<!doctype html>/);
    expect(out).toMatch(/<caption>Table 1\. Participant characteristics by gender<\/caption>/);
    expect(out).toContain('<th scope="col">Female (n=');
    expect(out).toContain('Asian, Pacific Islander');
  });
});

describe('portico analyze rejects bad input with exit code 2', () => {
  const withCell = (row: number, column: string, value: string) => {
    const copy = records.map((r) => [...r]);
    copy[row - 1][HEADER.indexOf(column)] = value;
    return writeCsv(csvText(copy));
  };

  it.each([
    ['a non-numeric value', () => withCell(5, 'age', 'abc'), /row 5 \(line 7\), column "age": "abc" is not a number/],
    ['a rating above 6', () => withCell(10, 'use_maps', '7'), /row 10 \(line 12\), column "use_maps": rating "7"/],
    ['a non-integer rating', () => withCell(12, 'use_billing', '2.5'), /row 12 \(line 14\), column "use_billing"/],
    ['a rating of 0', () => withCell(1, 'use_insurance', '0'), /row 1 \(line 2\), column "use_insurance"/],
    ['a non-numeric outcome', () => withCell(30, 'a1c', '7,2'), /row 30 \(line 32\), column "a1c"/],
    [
      'a ragged row',
      () => writeCsv(csvText(records).replace(/\r\nP20,([^\r]*),\r\n/, (_m, body) => `\r\nP20,${body}\r\n`)),
      /row 20 \(line 22\), column "note": expected 23 fields but found 22/,
    ],
    ['an unterminated quote', () => writeCsv(csvText(records) + 'P55,"focus_group,50\r\n'), /line 57: unterminated quoted field/],
  ])('%s', async (_name, makeFile, message) => {
    const { code, err, out } = await run(makeFile());
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(message);
  });

  it('names unknown columns and the flag that named them', async () => {
    const { code, err } = await run(good, '--features', 'use_maps,use_nope');
    expect(code).toBe(2);
    expect(err).toMatch(/column "use_nope".*--features/);
    expect((await run(good, '--outcome', 'hba1c')).err).toMatch(/column "hba1c".*--outcome/);
  });

  it('rejects bad usage', async () => {
    expect((await run()).code).toBe(2);
    expect((await run(good, '--format', 'xml')).code).toBe(2);
    expect((await run(good, '--bogus')).code).toBe(2);
    expect((await run(path.join(dir, 'missing.csv'))).err).toMatch(/no such file/);
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/portico analyze <file.csv>/);
  });
});
