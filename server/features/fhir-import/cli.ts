import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Db } from '../../db/client';
import { migrate } from '../../db/migrate';
import type { FeatureCommand, Io } from '../../cli/feature-commands';
import { importBundle, type ImportResult } from './importer';
import { ImportRejected } from './validate';

const sum = (m: Record<string, number>) => Object.values(m).reduce((a, b) => a + b, 0);
export const describeResult = (r: ImportResult) =>
  `${sum(r.created)} created, ${sum(r.updated)} updated, ${sum(r.unchanged)} unchanged${sum(r.skipped) ? `, ${sum(r.skipped)} skipped (${Object.keys(r.skipped).join(', ')})` : ''}`;

/**
 * Which organization new patients go into: --org (id or name) when given; otherwise the first organization created.
 * With no organization at all, one is created (named by --org, or "Portico").
 */
export async function resolveOrg(db: Db, org: string | undefined): Promise<string> {
  const rows = await db.query<{ id: string }>(org ? 'select id from organization where id::text = $1 or name = $1 order by created_at' : 'select id from organization order by created_at limit 1', org ? [org] : []);
  if (rows.length) return rows[0].id;
  const any = await db.query('select 1 from organization limit 1');
  if (org && any.length) throw new Error(`No organization is called "${org}". Use an existing organization's name or id.`);
  const [created] = await db.query<{ id: string }>('insert into organization (name) values ($1) returning id', [org ?? 'Portico']);
  return created.id;
}

/** What a JSON file is when it is clearly not a FHIR Bundle (a single resource, or not FHIR at all); null when it is a Bundle or unreadable. */
function notABundle(text: string): string | null {
  let data: unknown;
  try { data = JSON.parse(text); } catch { return null; }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return 'JSON that is not a FHIR resource';
  const t = (data as { resourceType?: unknown }).resourceType;
  if (t === 'Bundle') return null;
  return typeof t === 'string' ? `a single ${t} resource` : 'JSON that is not a FHIR resource';
}

function listFiles(target: string): string[] {
  const st = fs.statSync(target);
  if (st.isFile()) return [target];
  return fs.readdirSync(target, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.toLowerCase().endsWith('.json')).map((f) => path.join(target, f)).filter((f) => fs.statSync(f).isFile()).sort();
}

export async function importFhirCommand(db: Db, args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: { org: { type: 'string' }, quiet: { type: 'boolean' } } });
  if (positionals.length !== 1) {
    io.stderr('Usage: portico import-fhir <file-or-folder> [--org NAME_OR_ID]');
    return 2;
  }
  if (!fs.existsSync(positionals[0])) {
    io.stderr(`${positionals[0]}: no such file or folder.`);
    return 2;
  }
  await migrate(db);
  let orgId: string;
  try {
    orgId = await resolveOrg(db, values.org);
  } catch (e) {
    io.stderr((e as Error).message);
    return 2;
  }
  const files = listFiles(positionals[0]);
  if (!files.length) {
    io.stderr(`${positionals[0]}: no .json files to import.`);
    return 2;
  }
  let ok = 0;
  let resources = 0;
  const failed: string[] = [];
  const notBundles: string[] = [];
  const started = Date.now();
  for (const [i, file] of files.entries()) {
    const name = path.relative(process.cwd(), file) || file;
    const prefix = files.length > 1 ? `[${i + 1}/${files.length}] ` : '';
    const text = fs.readFileSync(file, 'utf8');
    // In a folder, JSON that is not a FHIR Bundle (a lone resource, a settings file) is skipped with a note, not a failure.
    const kind = files.length > 1 ? notABundle(text) : null;
    if (kind) {
      notBundles.push(name);
      io.stdout(`${prefix}${name}: skipped — ${kind}, not a FHIR Bundle`);
      continue;
    }
    try {
      const r = await importBundle(db, text, { source: name, orgId });
      ok++;
      resources += r.resources;
      if (!values.quiet) io.stdout(`${prefix}${name}: ${r.resources} resources — ${describeResult(r)}`);
      for (const warning of r.warnings) io.stdout(`${prefix}${name}: warning: ${warning}`);
    } catch (err) {
      if (!(err instanceof ImportRejected)) throw err;
      failed.push(name);
      io.stderr(`${prefix}REJECTED ${err.message}`);
    }
  }
  const secs = (Date.now() - started) / 1000;
  io.stdout(`Imported ${ok} of ${files.length} file(s), ${resources} resources in ${secs.toFixed(1)} s.${failed.length ? ` Rejected: ${failed.join(', ')}.` : ''}${
    notBundles.length ? ` Skipped ${notBundles.length} file(s) that are not FHIR Bundles: ${notBundles.join(', ')}.` : ''}`);
  return failed.length ? 1 : 0;
}

export const importFhir: FeatureCommand = {
  help: `  import-fhir <file-or-folder> [--org NAME_OR_ID]
                               import FHIR R4 Bundles (Synthea, US Core); new patients go into --org, else the first organization`,
  run: importFhirCommand,
};
