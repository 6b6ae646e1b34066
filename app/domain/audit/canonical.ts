import * as crypto from "node:crypto";

/**
 * Canonical JSON: object keys sorted (by UTF-16 code units, as Array.prototype.sort does), no whitespace,
 * BigInt and Date written as strings, undefined object members left out. Two equal values always give
 * the same bytes, which is what a hash chain and before/after digests need. For the values the audit
 * log stores (parsed JSON) this is RFC 8785 (JCS), so verifiers in other languages can use a JCS library.
 * Written as a direct serialiser (no intermediate copy): the verifier runs it a million times.
 */
export function canonicalJson(value: unknown): string {
  return write(value);
}

function write(v: unknown): string {
  switch (typeof v) {
    case "string":
      return JSON.stringify(v);
    case "number":
      return JSON.stringify(v); // non-finite → null, like JSON.stringify
    case "boolean":
      return v ? "true" : "false";
    case "bigint":
      return `"${v.toString()}"`;
    case "object": {
      if (v === null) return "null";
      if (Array.isArray(v)) {
        let s = "[";
        for (let i = 0; i < v.length; i++) s += (i ? "," : "") + writeItem(v[i]);
        return s + "]";
      }
      if (v instanceof Date) return JSON.stringify(v.toISOString());
      if (Buffer.isBuffer(v) || v instanceof Uint8Array) return JSON.stringify(Buffer.from(v).toString("base64"));
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o).sort();
      let s = "{";
      let first = true;
      for (const k of keys) {
        const x = o[k];
        if (x === undefined || typeof x === "function" || typeof x === "symbol") continue;
        s += (first ? "" : ",") + JSON.stringify(k) + ":" + write(x);
        first = false;
      }
      return s + "}";
    }
    default:
      return "null"; // undefined, function, symbol at the top level
  }
}

/** Inside arrays, JSON writes undefined / functions as null. */
const writeItem = (x: unknown) => (x === undefined || typeof x === "function" || typeof x === "symbol" ? "null" : write(x));

// crypto.hash (Node ≥ 20.12) is the one-shot form: about twice as fast as createHash for short inputs,
// which matters to the verifier (a million hashes). createHash where it is missing.
const oneShot = (crypto as { hash?: (alg: string, data: string | Buffer, enc: "hex") => string }).hash;
export const sha256Hex: (data: string | Buffer) => string = oneShot
  ? (data) => oneShot("sha256", data, "hex")
  : (data) => crypto.createHash("sha256").update(data).digest("hex");

/** Digest of an entity's state for the audit log; null when there is no state (created / deleted). */
export const digestOf = (value: unknown): string | null =>
  value === null || value === undefined ? null : sha256Hex(canonicalJson(value));

export const GENESIS_HASH = "0".repeat(64);
