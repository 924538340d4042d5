// A small RFC 4180 CSV reader and writer (no dependency in node_modules
// provides one, and the format is simple enough to own and test).
//
// Reader rules:
//  - fields are separated by `,` (configurable); records by CRLF, LF or CR;
//  - a field may be wrapped in double quotes, and then may contain the
//    delimiter, line breaks and doubled quotes ("") standing for one quote;
//  - anything else is an error rather than a guess: a quote inside an
//    unquoted field, text after a closing quote, or an unterminated quote;
//  - a UTF-8 byte-order mark is dropped; completely empty lines are skipped
//    (spreadsheets often leave some at the end);
//  - the first record is the header; names are trimmed and must be unique
//    and non-empty; every row must have as many fields as the header.
import { AnalysisInputError, CsvParseError } from './errors.js';

export interface ParsedTable {
  columns: string[];
  /** rows[k][j] is the raw text of column j in data row k + 1. */
  rows: string[][];
  /** lines[k] is the 1-based line where data row k + 1 starts. */
  lines: number[];
}

export interface CsvOptions {
  delimiter?: string;
}

interface RawRecord {
  fields: string[];
  line: number;
}

function readRecords(text: string, delimiter: string): RawRecord[] {
  const records: RawRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let quotedRecord = false; // distinguishes `""` from a blank line

  const endRecord = () => {
    fields.push(field);
    const blank = fields.length === 1 && fields[0] === '' && !quotedRecord;
    if (!blank) records.push({ fields, line: recordLine });
    fields = [];
    field = '';
    quotedRecord = false;
  };
  const newline = (): void => {
    // CRLF counts as one line break
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    i++;
    line++;
  };

  while (i < text.length) {
    const ch = text[i];
    if (ch === '"' && field === '') {
      // quoted field
      const startLine = line;
      quotedRecord = true;
      i++;
      for (;;) {
        if (i >= text.length) {
          throw new CsvParseError('unterminated quoted field', { line: startLine });
        }
        const q = text[i];
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\r' || q === '\n') {
          field += q === '\r' && text[i + 1] === '\n' ? '\r\n' : q;
          newline();
          continue;
        }
        field += q;
        i++;
      }
      const next = text[i];
      if (i < text.length && next !== delimiter && next !== '\r' && next !== '\n') {
        throw new CsvParseError(`unexpected character ${JSON.stringify(next)} after a closing quote`, { line });
      }
      // Mark the field as "taken" so a delimiter or newline handles it below.
      if (i >= text.length) break;
      continue;
    }
    if (ch === delimiter) {
      fields.push(field);
      field = '';
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      newline();
      recordLine = line;
      continue;
    }
    if (ch === '"') {
      throw new CsvParseError('quote inside an unquoted field (wrap the field in quotes and double inner quotes)', {
        line,
      });
    }
    field += ch;
    i++;
  }
  if (field !== '' || fields.length > 0 || quotedRecord) endRecord();
  return records;
}

function checkDelimiter(delimiter: string): void {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
    throw new AnalysisInputError('bad_option', `invalid CSV delimiter ${JSON.stringify(delimiter)}`);
  }
}

/** Low-level: every non-blank record as an array of fields (no header logic). */
export function parseCsvRecords(text: string, options: CsvOptions = {}): string[][] {
  const delimiter = options.delimiter ?? ',';
  checkDelimiter(delimiter);
  return readRecords(text, delimiter).map((r) => r.fields);
}

/** Parse a CSV with a header row into a rectangular table (see rules above). */
export function parseCsv(text: string, options: CsvOptions = {}): ParsedTable {
  const delimiter = options.delimiter ?? ',';
  checkDelimiter(delimiter);
  const records = readRecords(text, delimiter);
  if (records.length === 0) throw new AnalysisInputError('empty_file', 'the file is empty (no header row)');
  const [head, ...data] = records;
  const columns = head.fields.map((f) => f.trim());
  const seen = new Set<string>();
  columns.forEach((name, j) => {
    if (name === '') throw new AnalysisInputError('bad_header', `header field ${j + 1} is empty`, { line: head.line });
    if (seen.has(name)) {
      throw new AnalysisInputError('bad_header', 'duplicate column name in the header', { line: head.line, column: name });
    }
    seen.add(name);
  });
  data.forEach((rec, k) => {
    const got = rec.fields.length;
    if (got === columns.length) return;
    const where = { row: k + 1, line: rec.line };
    if (got < columns.length) {
      throw new AnalysisInputError(
        'ragged_row',
        `expected ${columns.length} fields but found ${got}; the row ends before column "${columns[got]}"`,
        { ...where, column: columns[got] },
      );
    }
    throw new AnalysisInputError(
      'ragged_row',
      `expected ${columns.length} fields but found ${got}; extra field(s) after the last column "${columns[columns.length - 1]}"`,
      { ...where, column: columns[columns.length - 1] },
    );
  });
  return { columns, rows: data.map((r) => r.fields), lines: data.map((r) => r.line) };
}

/** Quote a field when it contains a delimiter, quote, CR or LF (RFC 4180). */
export function csvField(value: string, delimiter = ','): string {
  if (value.includes(delimiter) || value.includes('"') || value.includes('\n') || value.includes('\r')) {
    return `"${value.replace(/"/g, '""')}"`;
  }
  return value;
}

/**
 * Serialize records with CRLF line endings, as RFC 4180 specifies. Records
 * are padded with empty fields to the widest one, so every line has the same
 * number of fields.
 */
export function toCsv(records: readonly (readonly string[])[], delimiter = ','): string {
  const width = Math.max(0, ...records.map((r) => r.length));
  return (
    records
      .map((r) => [...r, ...new Array<string>(width - r.length).fill('')].map((f) => csvField(f, delimiter)).join(delimiter))
      .join('\r\n') + '\r\n'
  );
}
