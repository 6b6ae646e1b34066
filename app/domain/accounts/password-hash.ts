import { hash, verify } from "@node-rs/argon2";

/**
 * argon2id (the library's default algorithm) with OWASP's minimum parameters: 19 MiB, 2 passes, one
 * lane — about 60 ms here, slow enough for offline guessing, fast enough for a login rush.
 */
const PARAMS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash never logs anyone in
  }
}

let dummy: Promise<string> | undefined;

/**
 * Spends the same work as a real verification when the username does not exist, so that response
 * time does not tell an attacker which usernames are real.
 */
export async function burnPasswordCheck(password: string): Promise<false> {
  dummy ??= hashPassword("dummy-password-for-timing-only");
  await verifyPassword(await dummy, password);
  return false;
}
