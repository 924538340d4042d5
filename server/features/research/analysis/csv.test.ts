import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../stats/index.js';
import { parseCsv, parseCsvRecords, toCsv } from './csv.js';
import { AnalysisInputError, CsvParseError } from './errors.js';

function errorOf(f: () => unknown): AnalysisInputError {
  try {
    f();
  } catch (e) {
    if (e instanceof AnalysisInputError) return e;
    throw e;
  }
  throw new Error('expected an AnalysisInputError');
}

describe('parseCsv', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks', () => {
    const text = 'id,note,n\r\n1,"a, b",2\r\n2,"say ""hi""",3\n3,"two\r\nlines",4\n4,,5';
    const t = parseCsv(text);
    expect(t.columns).toEqual(['id', 'note', 'n']);
    expect(t.rows).toEqual([
      ['1', 'a, b', '2'],
      ['2', 'say "hi"', '3'],
      ['3', 'two\r\nlines', '4'],
      ['4', '', '5'],
    ]);
    // row 4 starts on line 6 because row 3 spans lines 4–5
    expect(t.lines).toEqual([2, 3, 4, 6]);
  });

  it('drops a BOM, trims header names, skips blank lines, allows a final newline', () => {
    const t = parseCsv('\uFEFF a , b\n\n1,2\n\n3,4\n');
    expect(t.columns).toEqual(['a', 'b']);
    expect(t.rows).toEqual([['1', '2'], ['3', '4']]);
    expect(t.lines).toEqual([3, 5]);
  });

  it('keeps an empty quoted field and handles CR-only line ends', () => {
    expect(parseCsv('a,b\r"",x\r').rows).toEqual([['', 'x']]);
    expect(parseCsvRecords('x;"y;z"', { delimiter: ';' })).toEqual([['x', 'y;z']]);
  });

  it('rejects an unterminated quote with the line where it started', () => {
    const e = errorOf(() => parseCsv('a,b\n1,2\n3,"oops\n4,5\n'));
    expect(e).toBeInstanceOf(CsvParseError);
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/line 3.*unterminated/);
  });

  it('rejects stray quotes and text after a closing quote', () => {
    expect(errorOf(() => parseCsv('a,b\n1,ab"c\n')).message).toMatch(/line 2.*quote inside an unquoted field/);
    expect(errorOf(() => parseCsv('a,b\n1,"ab"c\n')).message).toMatch(/line 2.*after a closing quote/);
  });

  it('rejects ragged rows naming the row and the column', () => {
    const short = errorOf(() => parseCsv('a,b,c\n1,2,3\n4,5\n'));
    expect(short.code).toBe('ragged_row');
    expect(short.row).toBe(2);
    expect(short.column).toBe('c');
    expect(short.message).toMatch(/row 2 \(line 3\), column "c": expected 3 fields but found 2/);
    const long = errorOf(() => parseCsv('a,b\n1,2,3\n'));
    expect(long.row).toBe(1);
    expect(long.message).toMatch(/found 3.*after the last column "b"/);
  });

  it('rejects empty files and bad headers', () => {
    expect(errorOf(() => parseCsv('')).code).toBe('empty_file');
    expect(errorOf(() => parseCsv('\n\n')).code).toBe('empty_file');
    expect(errorOf(() => parseCsv('a,,b\n')).code).toBe('bad_header');
    const dup = errorOf(() => parseCsv('a,b,a\n1,2,3'));
    expect(dup.code).toBe('bad_header');
    expect(dup.column).toBe('a');
    expect(errorOf(() => parseCsv('a\n', { delimiter: '"' })).code).toBe('bad_option');
  });

  it('round-trips arbitrary text through toCsv', () => {
    const rng = createRng(2024);
    const alphabet = ['a', 'Z', ' ', ',', '"', '\n', '\r\n', 'é', '=', '0'];
    for (let rep = 0; rep < 50; rep++) {
      const width = 1 + rng.int(4);
      const header = Array.from({ length: width }, (_, j) => `c${j}`);
      const rows = Array.from({ length: 1 + rng.int(5) }, () =>
        Array.from({ length: width }, () =>
          Array.from({ length: rng.int(6) }, () => alphabet[rng.int(alphabet.length)]).join(''),
        ),
      );
      // a row whose only field is empty would be a blank line, which the reader skips
      const kept = rows.filter((r) => !(width === 1 && r[0] === ''));
      const parsed = parseCsv(toCsv([header, ...kept]));
      expect(parsed.columns).toEqual(header);
      expect(parsed.rows).toEqual(kept);
    }
  });

  it('pads records to the same width when writing', () => {
    expect(toCsv([['t'], ['a', 'b']])).toBe('t,\r\na,b\r\n');
  });
});
