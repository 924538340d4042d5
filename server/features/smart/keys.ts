import fs from 'node:fs';
import path from 'node:path';
import { generateKeyPairSync, randomBytes, type JsonWebKey } from 'node:crypto';

export type SmartKeys = { jwks: { keys: JsonWebKey[] }; cookieKeys: string[] };

let memoryKeys: SmartKeys | undefined;

function generate(): SmartKeys {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return {
    jwks: { keys: [{ ...jwk, kid: randomBytes(8).toString('hex'), alg: 'RS256', use: 'sig' }] },
    cookieKeys: [randomBytes(32).toString('base64url')],
  };
}

/**
 * Signing keys for ID tokens and the keys that sign the authorization server's cookies.
 * PORTICO_SMART_JWKS (a JSON Web Key Set with private keys) wins; otherwise a key set is generated once into the data
 * directory (smart-keys.json, readable only by the server) so sessions and ID tokens stay valid across restarts.
 * Keys are never committed. When the data directory cannot be written (tests), the keys live in memory for the process.
 */
export function loadSmartKeys(dataDir: string, env: NodeJS.ProcessEnv = process.env): SmartKeys {
  const fromEnv = env.PORTICO_SMART_JWKS;
  if (fromEnv) {
    const jwks = JSON.parse(fromEnv) as { keys: JsonWebKey[] };
    if (!Array.isArray(jwks.keys) || jwks.keys.length === 0 || !jwks.keys[0].d) {
      throw new Error('PORTICO_SMART_JWKS must be a JSON Web Key Set with at least one private key');
    }
    const cookieKeys = env.PORTICO_SMART_COOKIE_KEYS?.split(',').filter(Boolean) ?? [String(jwks.keys[0].d)];
    return { jwks, cookieKeys };
  }
  if (memoryKeys) return memoryKeys;
  const file = path.join(dataDir, 'smart-keys.json');
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as SmartKeys;
  } catch { /* not there yet */ }
  const keys = generate();
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(keys), { mode: 0o600, flag: 'wx' });
    return keys;
  } catch (err) {
    // Another process wrote it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return JSON.parse(fs.readFileSync(file, 'utf8')) as SmartKeys;
    memoryKeys = keys;
    return keys;
  }
}
