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

export function passwordProblem(p: string): string | null {
  if (p.length < 8) return 'Use at least 8 characters for your password.';
  if (p.length > 200) return 'Use at most 200 characters for your password.';
  return null;
}
