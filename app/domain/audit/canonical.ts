import { createHash } from "node:crypto";

/**
 * Canonical JSON: object keys sorted, no whitespace, BigInt and Date written as strings. Two equal
 * values always give the same bytes, which is what a hash chain and before/after digests need.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value));
}

function normalise(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Date) return v.toISOString();
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return Buffer.from(v).toString("base64");
  if (Array.isArray(v)) return v.map(normalise);
  if (typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = normalise(x);
    }
    return out;
  }
  return v;
}

export const sha256Hex = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");

/** Digest of an entity's state for the audit log; null when there is no state (created / deleted). */
export const digestOf = (value: unknown): string | null =>
  value === null || value === undefined ? null : sha256Hex(canonicalJson(value));

export const GENESIS_HASH = "0".repeat(64);
