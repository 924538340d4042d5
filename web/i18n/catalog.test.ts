import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { IntlMessageFormat } from 'intl-messageformat';

// Every namespace exists in English and Spanish with the same keys, and every message has the same placeholders in both.

const here = path.dirname(fileURLToPath(import.meta.url));
type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out[prefix + k] = v;
    else Object.assign(out, flatten(v, `${prefix}${k}.`));
  }
  return out;
}
const load = (locale: string, ns: string) => flatten(JSON.parse(fs.readFileSync(path.join(here, locale, `${ns}.json`), 'utf8')) as Tree);
const namespaces = (locale: string) => fs.readdirSync(path.join(here, locale)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();

/** The argument names of an ICU message ({name}, {count, plural, …}, {kind, select, …}), sorted. */
export function placeholders(msg: string, locale: string): string[] {
  const names = new Set<string>();
  const walk = (els: unknown[]) => {
    for (const el of els as { type: number; value?: string; options?: Record<string, { value: unknown[] }>; children?: unknown[] }[]) {
      // 0 = literal, 7 = # in a plural, 8 = a tag: not arguments.
      if (el.value && el.type !== 0 && el.type !== 7 && el.type !== 8) names.add(el.value);
      if (el.options) for (const o of Object.values(el.options)) walk(o.value);
      if (el.children) walk(el.children);
    }
  };
  walk(new IntlMessageFormat(msg, locale).getAst());
  return [...names].sort();
}

describe('web catalogs', () => {
  it('have the same namespaces in English and Spanish', () => {
    expect(namespaces('es')).toEqual(namespaces('en'));
    expect(namespaces('en')).toContain('common');
  });

  for (const ns of namespaces('en')) {
    it(`${ns}: same keys, valid ICU and the same placeholders in both languages`, () => {
      const en = load('en', ns);
      const es = load('es', ns);
      expect(Object.keys(es).filter((k) => !(k in en)), 'keys only in Spanish').toEqual([]);
      expect(Object.keys(en).filter((k) => !(k in es)), 'keys missing in Spanish').toEqual([]);
      const differ = Object.keys(en).filter((k) => placeholders(en[k], 'en').join() !== placeholders(es[k], 'es').join());
      expect(differ, 'placeholders differ').toEqual([]);
      expect(Object.keys(es).filter((k) => es[k].trim() === ''), 'empty Spanish texts').toEqual([]);
    });
  }

  it('the placeholder check can tell messages apart', () => {
    expect(placeholders('{count, plural, one {# día} other {# días con {name}}}', 'es')).toEqual(['count', 'name']);
    expect(placeholders('Hola, {nombre}', 'es')).not.toEqual(placeholders('Hello, {name}', 'en'));
  });
});
