// `portico analyze <file.csv>`: run the study analysis (Table 1, Table 4) on a
// CSV file and print JSON, CSV or a standalone HTML report to stdout.
// Exit codes: 0 success, 2 bad usage or bad input (message on stderr),
// 1 unexpected failure.
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  AnalysisInputError,
  analyze,
  parseCsv,
  renderCsv,
  renderHtml,
  type AnalysisOptions,
} from '../features/research/analysis/index.js';

export type AnalyzeIo = { stdout: (s: string) => void; stderr: (s: string) => void };

export const ANALYZE_HELP = `  analyze <file.csv> [--group COL] [--outcome COL] [--features COL,...]
          [--categorical COL,...] [--continuous COL,...] [--format json|csv|html] [--ns]
                               Table 1 and Table 4 of the portal-use study from a CSV
                               (defaults: group=group, outcome=a1c, features=use_*; see docs/analysis.md)`;

const USAGE = `Usage: portico analyze <file.csv> [options]
${ANALYZE_HELP}
Options:
  --group COL          grouping column (default: group)
  --outcome COL        outcome correlated with each feature (default: a1c)
  --features A,B,...   1-6 rating columns (default: the ten use_* columns)
  --categorical A,...  Table 1 categorical columns (default: gender,race,income,diabetes_medication)
  --continuous A,...   Table 1 continuous columns (default: age,education_years,diabetes_years,portal_duration,bmi,a1c;
                       without this flag, a default column whose values are not numbers is described as categorical)
  --format FORMAT      json (default), csv or html
  --ns                 csv/html: print NS instead of non-significant correlations (p >= 0.08)
  -h, --help           show this help`;

const list = (s: string | undefined): string[] | undefined =>
  s === undefined ? undefined : s.split(',').map((x) => x.trim()).filter((x) => x !== '');

export async function runAnalyze(argv: string[], io: AnalyzeIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        group: { type: 'string' },
        outcome: { type: 'string' },
        features: { type: 'string' },
        categorical: { type: 'string' },
        continuous: { type: 'string' },
        format: { type: 'string', default: 'json' },
        ns: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    io.stderr(`error: ${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    io.stderr(`error: expected exactly one CSV file, got ${positionals.length}\n${USAGE}`);
    return 2;
  }
  const format = values.format;
  if (format !== 'json' && format !== 'csv' && format !== 'html') {
    io.stderr(`error: --format must be json, csv or html (got "${format}")`);
    return 2;
  }
  const file = positionals[0];
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    io.stderr(`error: cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code ?? String(err)}`);
    return 2;
  }

  const options: AnalysisOptions = {
    group: values.group,
    outcome: values.outcome,
    features: list(values.features),
    categorical: list(values.categorical),
    continuous: list(values.continuous),
  };
  try {
    const result = analyze(parseCsv(text), options);
    for (const w of result.warnings) io.stderr(`warning: ${w}`);
    const out =
      format === 'json'
        ? JSON.stringify(result, null, 2)
        : format === 'csv'
          ? renderCsv(result, { ns: values.ns })
          : renderHtml(result, { ns: values.ns });
    io.stdout(out);
    return 0;
  } catch (err) {
    if (err instanceof AnalysisInputError) {
      const flag = err.option ? ` (--${err.option})` : '';
      io.stderr(`error: ${file}: ${err.message}${flag}`);
      return 2;
    }
    io.stderr(`error: analysis failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    return 1;
  }
}

// Allow `npx tsx server/cli/analyze.ts data.csv --format html > report.html`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const io: AnalyzeIo = {
    stdout: (s) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`),
    stderr: (s) => process.stderr.write(`${s}\n`),
  };
  runAnalyze(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
