// Typed input errors. Everything a user can get wrong in a data file or in
// the options (unknown column, non-numeric value, rating out of range, ragged
// row, CSV syntax) is an AnalysisInputError carrying *where* it happened, so
// the CLI can turn it into exit code 2 with a precise message and the server
// can turn it into a 400 response without string parsing.

export type AnalysisErrorCode =
  | 'csv_syntax'
  | 'empty_file'
  | 'bad_header'
  | 'ragged_row'
  | 'unknown_column'
  | 'conflicting_columns'
  | 'not_a_number'
  | 'bad_rating'
  | 'bad_option';

export interface ErrorLocation {
  /** 1-based data row (the header is not counted). */
  row?: number;
  /** 1-based physical line in the CSV text where the row starts. */
  line?: number;
  column?: string;
  /** Option that named an unknown column, e.g. "features". */
  option?: string;
}

export class AnalysisInputError extends Error {
  readonly code: AnalysisErrorCode;
  readonly row?: number;
  readonly line?: number;
  readonly column?: string;
  readonly option?: string;

  constructor(code: AnalysisErrorCode, detail: string, where: ErrorLocation = {}) {
    super(formatMessage(detail, where));
    this.name = 'AnalysisInputError';
    this.code = code;
    this.row = where.row;
    this.line = where.line;
    this.column = where.column;
    this.option = where.option;
  }
}

/** Subclass for RFC 4180 syntax problems (unbalanced quotes, stray characters). */
export class CsvParseError extends AnalysisInputError {
  constructor(detail: string, where: ErrorLocation) {
    super('csv_syntax', detail, where);
    this.name = 'CsvParseError';
  }
}

function formatMessage(detail: string, w: ErrorLocation): string {
  const parts: string[] = [];
  if (w.row !== undefined) parts.push(w.line !== undefined ? `row ${w.row} (line ${w.line})` : `row ${w.row}`);
  else if (w.line !== undefined) parts.push(`line ${w.line}`);
  if (w.column !== undefined) parts.push(`column "${w.column}"`);
  return parts.length ? `${parts.join(', ')}: ${detail}` : detail;
}
