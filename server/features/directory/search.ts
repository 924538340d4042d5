/**
 * Clinician search: typo-tolerant and partial-word, portable to PGlite (which has no pg_trgm).
 *
 * How it works (see migration 005): each profile keeps a folded full-text vector (`search_doc`), its distinct words
 * (`search_words`) and their trigrams (`search_trgm`, GIN-indexed). A query is folded (case, accents) and split into
 * words; a clinician matches when EVERY query word either
 *   - is a prefix of one of their words (full-text `word:*`, so "cardio" finds "Cardiology"), or
 *   - is similar to one of their words by trigram Jaccard similarity ≥ 0.3 (pg_trgm's own definition and default
 *     threshold, so "Okafr" finds "Okafor" at 0.44). The GIN index on `search_trgm` picks the candidates; the
 *     similarity is computed here in TS over those few rows (the same formula as the SQL `portico_similarity`; calling
 *     that SQL function for every word of every candidate made the fuzzy pass the slowest request in the benchmark).
 * Score = sum over query words of the best match (prefix = 1, else the similarity), plus a bonus when the word is in the
 * name. Structured filters (specialty, clinic, location, language, gender, accepting) narrow the set first.
 * Two passes: the prefix pass runs first; only when it finds nobody does the fuzzy pass run, so a correct partial word
 * ("cardio") never drags in look-alikes ("care" at 0.33), while a typo ("Okafr") still finds the person.
 */

export const SIMILARITY_THRESHOLD = 0.3;
const NOISE = new Set(['dr', 'doctor', 'the', 'and', 'of', 'md', 'do']);

/** Same folding as the SQL function portico_fold, so words compare equal on both sides. */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/** Damerau-free Levenshtein distance (small words only), for typos of the words that carry no meaning ("docter"). */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

/** Words for "a doctor" in everyday typing, typos included ("docter", "doctr", "physcian"): they narrow nothing. */
const PERSON_WORDS = ['doctor', 'doctors', 'physician', 'specialist', 'medico', 'doctora'];
const isNoise = (w: string) => NOISE.has(w) || (w.length >= 5 && PERSON_WORDS.some((p) => editDistance(w, p) <= (p.length >= 8 ? 2 : 1)));

/**
 * Everyday words (English and Spanish, folded) → the specialty words a clinician's profile uses. A query word matches a
 * clinician when it, or one of these, matches ("sugar doctor" → endocrinology and diabetes; "eye doctor" →
 * ophthalmology and optometry; "kidney" → nephrology). Only everyday words are expanded; a specialty typed as such
 * ("podiatry") keeps its meaning exactly.
 */
export const EVERYDAY_WORDS: Record<string, string[]> = {
  sugar: ['endocrinology', 'diabetes'], diabetes: ['endocrinology', 'diabetes'], diabetic: ['endocrinology', 'diabetes'],
  glucose: ['endocrinology', 'diabetes'], thyroid: ['endocrinology', 'thyroid'], hormone: ['endocrinology'], hormones: ['endocrinology'],
  insulin: ['endocrinology', 'insulin'], azucar: ['endocrinology', 'diabetes'], diabetis: ['endocrinology', 'diabetes'],
  eye: ['ophthalmology', 'optometry'], eyes: ['ophthalmology', 'optometry'], vision: ['ophthalmology', 'optometry'],
  eyesight: ['ophthalmology', 'optometry'], glasses: ['optometry'], ojo: ['ophthalmology', 'optometry'], ojos: ['ophthalmology', 'optometry'],
  kidney: ['nephrology', 'kidney'], kidneys: ['nephrology', 'kidney'], renal: ['nephrology'], rinon: ['nephrology', 'kidney'], rinones: ['nephrology', 'kidney'],
  heart: ['cardiology', 'heart'], cardiac: ['cardiology'], corazon: ['cardiology', 'heart'],
  foot: ['podiatry', 'foot'], feet: ['podiatry', 'foot'], toe: ['podiatry'], toes: ['podiatry'], pie: ['podiatry', 'foot'], pies: ['podiatry', 'foot'],
  diet: ['nutrition'], food: ['nutrition'], weight: ['nutrition', 'obesity'], nutritionist: ['nutrition'], dietitian: ['nutrition'],
  family: ['family', 'primary'], general: ['primary', 'internal', 'family'], regular: ['primary', 'family'], checkup: ['primary', 'family'],
};

/** Each query word with the words it may also match: [word, ...everyday meanings]. */
export function expandWords(words: string[]): string[][] {
  return words.map((w) => {
    // An everyday word typed with one slip ("suger", "kidny") still carries its meaning.
    const key = EVERYDAY_WORDS[w] ? w : w.length >= 4 ? Object.keys(EVERYDAY_WORDS).find((k) => k.length >= 4 && editDistance(w, k) <= 1) : undefined;
    return [...new Set([w, ...(key ? EVERYDAY_WORDS[key] : [])])];
  });
}

/** The words of a search box entry that carry meaning: folded, split on non-alphanumerics, noise words dropped. */
export function queryWords(q: string): string[] {
  const words = fold(q).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
  const useful = words.filter((w) => !isNoise(w) && w.length > 1);
  // "Dr" alone still searches for something rather than everything.
  return [...new Set(useful.length > 0 ? useful : words)].slice(0, 6);
}

export type SearchFilters = {
  orgId: string;
  words: string[];
  /** Optional: per query word, the words it may match instead (expandWords); defaults to the word itself. */
  groups?: string[][];
  specialty?: string;
  clinicId?: string;
  locationId?: string;
  language?: string;
  gender?: string;
  accepting?: boolean;
  limit: number;
  /** 'prefix': every word starts a word of the clinician (fast, exact). 'fuzzy': typo-tolerant, used when prefix finds nothing. */
  mode: 'prefix' | 'fuzzy';
};

/** Builds the parameterised SQL for a search. Returns clinician rows with a score (higher is better). */
export function buildSearchSql(f: SearchFilters): { sql: string; params: unknown[] } {
  const params: unknown[] = [f.orgId];
  const where: string[] = ['p.org_id = $1', 'not u.disabled'];
  const add = (v: unknown) => { params.push(v); return `$${params.length}`; };
  if (f.specialty) where.push(`exists (select 1 from unnest(p.specialties) s where lower(s) = lower(${add(f.specialty)}))`);
  if (f.language) where.push(`exists (select 1 from unnest(p.languages) l where lower(l) = lower(${add(f.language)}))`);
  if (f.gender) where.push(`p.gender = ${add(f.gender)}`);
  if (f.accepting !== undefined) where.push(`p.accepting_new_patients = ${add(f.accepting)}`);
  if (f.clinicId) where.push(`exists (select 1 from staff_clinic sc where sc.user_id = p.user_id and sc.clinic_id = ${add(f.clinicId)})`);
  if (f.locationId) where.push(`exists (select 1 from clinician_location cl where cl.user_id = p.user_id and cl.location_id = ${add(f.locationId)})`);

  let scoreSql = '0::real';
  if (f.words.length > 0 && f.mode === 'prefix') {
    // Every word is a prefix of some word of the clinician ("cardio" → "cardiology"): index-backed full-text match.
    const words = add(f.words);
    // (word:* | meaning:* ...) & (...): each group has at least one prefix match. Words are folded letters and digits only.
    const groups = f.groups ?? f.words.map((w) => [w]);
    const tsq = groups.map((g) => `(${g.map((w) => `${w}:*`).join(' | ')})`).join(' & ');
    where.push(`p.search_doc @@ to_tsquery('simple', ${add(tsq)})`);
    scoreSql = `(select count(*) + 0.5 * count(*) filter (where position(w in portico_fold(u.display_name)) > 0) from unnest(${words}::text[]) w)::real`;
  } else if (f.words.length > 0) {
    // Fuzzy pass: the index finds candidates sharing a trigram with the query; rankFuzzy() scores them in TS.
    where.push(`p.search_trgm && portico_trigrams(array_to_string(${add((f.groups ?? [f.words]).flat())}::text[], ' '))`);
  }
  const sql = `select u.id, u.display_name, u.credentials, u.role, p.specialties, p.languages, p.gender, p.accepting_new_patients,
      p.photo_url, ${scoreSql} as score, ${f.mode === 'fuzzy' ? 'p.search_words,' : ''}
      (select coalesce(array_agg(c.name order by c.name), '{}') from staff_clinic sc join clinic c on c.id = sc.clinic_id where sc.user_id = u.id) as clinic_names
    from clinician_profile p join app_user u on u.id = p.user_id
    where ${where.join(' and ')}
    order by score desc, regexp_replace(split_part(u.display_name, ',', 1), '^.* ', ''), u.display_name
    limit ${add(f.mode === 'fuzzy' ? 1000 : f.limit)}`;
  return { sql, params };
}

/** pg_trgm's trigrams of one word: padded with two spaces in front and one behind. */
export function trigrams(word: string): Set<string> {
  const p = `  ${word} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= p.length; i++) out.add(p.slice(i, i + 3));
  return out;
}

export function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / (a.size + b.size - shared);
}

type Candidate = { display_name: string; search_words: string[]; score: number };

/** Scores fuzzy candidates: every query word must reach the threshold against some word; prefix matches count 1. */
export function rankFuzzy<T extends Candidate>(rows: T[], words: string[], limit: number, groups?: string[][]): T[] {
  const q = (groups ?? words.map((w) => [w])).map((g) => g.map((w) => ({ w, t: trigrams(w) })));
  const scored: T[] = [];
  for (const r of rows) {
    const docWords = r.search_words.map((d) => ({ d, t: trigrams(d) }));
    const name = fold(r.display_name);
    let total = 0;
    let ok = true;
    for (const alternatives of q) {
      let best = 0;
      let inName = false;
      for (const { w, t } of alternatives) {
        for (const d of docWords) best = Math.max(best, d.d.startsWith(w) ? 1 : similarity(t, d.t));
        inName ||= name.includes(w);
      }
      if (best < SIMILARITY_THRESHOLD) { ok = false; break; }
      total += best + (inName ? 0.5 : 0);
    }
    if (ok) scored.push({ ...r, score: total });
  }
  return scored.sort((a, b) => b.score - a.score || a.display_name.localeCompare(b.display_name)).slice(0, limit);
}
