import { describe, expect, it } from 'vitest';
import { analyze, parseCsvRecords, renderCsv, renderHtml, type RowRecord } from './index.js';
import { neutralizeFormula } from './renderCsv.js';

// Data with hostile text in group names and levels.
const rows: RowRecord[] = Array.from({ length: 12 }, (_, i) => ({
  group: i % 2 ? '<script>alert(1)</script>' : 'Tom & "Jerry"',
  sex: i % 3 ? '=HYPERLINK("x")' : "O'Brien",
  age: 40 + i,
  f1: (i % 6) + 1,
  f2: ((i * 5) % 6) + 1,
  f3: 6 - (i % 6),
  a1c: 9 - i * 0.2,
}));
const result = analyze(rows, { features: ['f1', 'f2', 'f3'], categorical: ['sex'], continuous: ['age'] });

describe('renderHtml', () => {
  const html = renderHtml(result);

  it('is a standalone, accessible page', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toMatch(/<html lang="en">/);
    expect(html).toMatch(/<meta charset="utf-8">/);
    expect(html.match(/<table /g)).toHaveLength(2);
    expect(html.match(/<caption>/g)).toHaveLength(2);
    expect(html).toMatch(/<th scope="col">Characteristic<\/th>/);
    expect(html).toMatch(/<th scope="row">Age \(years\), mean \(SD\)<\/th>/);
    // every <th> carries a scope
    expect(html.match(/<th(?=[\s>])(?![^>]*scope=)/g)).toBeNull();
    // every table is described by its notes
    expect(html).toMatch(/aria-describedby="table1-notes"/);
    expect(html).toMatch(/id="table1-notes"/);
  });

  it('escapes text from the data', () => {
    expect(html).not.toMatch(/<script>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Tom &amp; &quot;Jerry&quot;');
    expect(html).toContain('O&#39;Brien');
  });

  it('puts the feature label in the row header of Table 4 and the "#" in a cell', () => {
    expect(html).toMatch(/<tr><td>2<\/td><th scope="row">F2<\/th><td>12<\/td>/);
  });
});

describe('renderCsv', () => {
  it('is rectangular, neutralises formulas and keeps negative numbers', () => {
    const csv = renderCsv(result);
    const recs = parseCsvRecords(csv);
    const width = recs[0].length;
    expect(recs.every((r) => r.length === width)).toBe(true);
    const flat = recs.flat();
    expect(flat).toContain(`  '=HYPERLINK("x")`);
    expect(flat.some((c) => c.trimStart().startsWith('='))).toBe(false);
    // f3 = 7 − f1 on the same rows → ρ(f1, f3) = −1 → "-1.00**"
    expect(flat).toContain('-1.00**');
  });

  it('prints NS for unmarked correlations only when asked', () => {
    const recs = parseCsvRecords(renderCsv(result, { ns: true }));
    const t4 = recs.findIndex((r) => r[0].startsWith('Table 4'));
    const body = recs.slice(t4 + 2, t4 + 5);
    const p12 = result.table4.correlations.find((c) => c.a === 'f1' && c.b === 'f2')!;
    // row 2 (f2), column "1" (f1) is at index 5 of the row
    expect(body[1][5]).toBe(p12.p! >= 0.08 ? 'NS' : expect.stringMatching(/^-?\d\.\d\d[#*]+$/));
    const plain = parseCsvRecords(renderCsv(result));
    expect(plain.slice(t4 + 2, t4 + 5)[1][5]).toMatch(/^-?\d\.\d\d[#*]*$/);
  });
});

describe('neutralizeFormula', () => {
  it('prefixes formula starters but not numbers', () => {
    expect(neutralizeFormula('=1+1')).toBe("'=1+1");
    expect(neutralizeFormula('+cmd')).toBe("'+cmd");
    expect(neutralizeFormula('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutralizeFormula('-x')).toBe("'-x");
    expect(neutralizeFormula('-0.26#')).toBe('-0.26#');
    expect(neutralizeFormula('text')).toBe('text');
    expect(neutralizeFormula('  =1')).toBe("'  =1");
  });
});
