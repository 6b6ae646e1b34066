import { randomInt } from "node:crypto";

/**
 * Pseudonymous public code of an expert: "E-" and 7 Crockford base-32 characters (no I, L, O, U), random
 * — never derived from the person — so the public draw proof can list codes without personal data.
 * 32^7 ≈ 3.4 × 10^10 codes; the unique index catches the rare collision (the caller retries).
 */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function newExpertCode(): string {
  let s = "E-";
  for (let i = 0; i < 7; i++) s += ALPHABET[randomInt(32)];
  return s;
}

export const EXPERT_CODE = /^E-[0-9A-HJKMNP-TV-Z]{7}$/;
