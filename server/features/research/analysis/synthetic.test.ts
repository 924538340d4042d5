import { describe, expect, it } from 'vitest';
import { analyze, parseCsv, syntheticStudyCsv } from './index.js';

describe('syntheticStudyCsv', () => {
  it('is deterministic per seed and differs across seeds', () => {
    expect(syntheticStudyCsv(7)).toBe(syntheticStudyCsv(7));
    expect(syntheticStudyCsv(7)).not.toBe(syntheticStudyCsv(8));
  });

  it('has the study shape: 54 rows, 39/15 groups, ratings 1–6, quoted fields', () => {
    const text = syntheticStudyCsv(1);
    const t = parseCsv(text);
    expect(t.rows).toHaveLength(54);
    expect(t.columns).toHaveLength(22);
    const g = t.columns.indexOf('group');
    expect(t.rows.filter((r) => r[g] === 'focus_group')).toHaveLength(39);
    expect(t.rows.filter((r) => r[g] === 'survey_only')).toHaveLength(15);
    expect(text).toContain('"<$20,000"');
    for (const c of t.columns.filter((c) => c.startsWith('use_'))) {
      const j = t.columns.indexOf(c);
      for (const r of t.rows) expect(['', '1', '2', '3', '4', '5', '6']).toContain(r[j]);
    }
    expect(parseCsv(syntheticStudyCsv(3, 120)).rows).toHaveLength(120);
  });

  it('reproduces the study’s direction of effect on average', () => {
    let msg = 0;
    let appt = 0;
    let a1c = 0;
    let age = 0;
    const seeds = 40;
    for (let s = 100; s < 100 + seeds; s++) {
      const r = analyze(parseCsv(syntheticStudyCsv(s)));
      msg += r.table4.outcome.find((o) => o.feature === 'use_message_doctor')!.rho! / seeds;
      appt += r.table4.outcome.find((o) => o.feature === 'use_request_appointment')!.rho! / seeds;
      const v = (name: string) => r.table1.variables.find((x) => x.name === name)!.overall as { mean: number };
      a1c += v('a1c').mean / seeds;
      age += v('age').mean / seeds;
      expect(r.warnings).toEqual([]);
    }
    expect(msg).toBeLessThan(-0.15);
    expect(appt).toBeLessThan(-0.15);
    expect(msg).toBeGreaterThan(-0.4);
    expect(a1c).toBeGreaterThan(6.7);
    expect(a1c).toBeLessThan(7.3);
    expect(age).toBeGreaterThan(55);
    expect(age).toBeLessThan(59);
  });
});
