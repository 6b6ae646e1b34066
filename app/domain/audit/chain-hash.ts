import { canonicalJson, sha256Hex } from "./canonical";

/**
 * THE hash formula of the audit chain (docs/audit-log.md documents it for independent verifiers):
 *
 *   hash = hex(SHA-256(UTF-8(prevHash + "\n" + canonicalJson(fields))))
 *
 * with `fields` the 14 keys below, bigints as decimal strings, `at` as ISO-8601 UTC with milliseconds
 * (what JavaScript's toISOString prints), absent values as null, and `detail` the stored JSON object.
 * canonicalJson sorts keys by UTF-16 code units and writes no whitespace (RFC 8785 / JCS for the
 * values we store), so the same row always gives the same bytes, whatever language re-computes it.
 */
export interface ChainRow {
  seq: string;
  id: string;
  /** ISO-8601 UTC, millisecond precision: 2026-11-23T11:06:14.123Z */
  at: string;
  actorId: string | null;
  actorRole: string;
  actorOrgId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  beforeDigest: string | null;
  afterDigest: string | null;
  detail: unknown;
  ip: string;
  userAgent: string;
}

/** The reference implementation (slow, obviously right); the tuple functions below must agree with it. */
export function chainHash(prevHash: string, row: ChainRow): string {
  return sha256Hex(`${prevHash}\n${canonicalJson(row)}`);
}

/**
 * The entry columns the sealer and the verifier read, in EntryTuple order, as raw text (they are queried
 * with RAW_TEXT, so no driver type parsing — time zones, bigint, json — can change what is hashed).
 * `at` comes as epoch milliseconds (exact: the column has millisecond precision), cheaper for the
 * database than to_char and turned into the ISO form in JavaScript. `e` is AuditEntry.
 */
export const ENTRY_COLUMNS = `e.id, (date_part('epoch', e.at) * 1000)::int8, e."actorId", e."actorRole", e."actorOrgId",
  e.action, e."entityType", e."entityId", e."beforeDigest", e."afterDigest", e.detail, e.ip, e."userAgent"`;

/** An entry as read through ENTRY_COLUMNS. `detail` is the stored json text. */
export type EntryTuple = [
  id: string, atMs: string, actorId: string | null, actorRole: string, actorOrgId: string | null, action: string,
  entityType: string, entityId: string, beforeDigest: string | null, afterDigest: string | null, detail: string,
  ip: string, userAgent: string,
];

/** pg query option: every column as the server's text, unparsed. */
export const RAW_TEXT = { getTypeParser: () => (v: string) => v } as unknown as import("pg").CustomTypesConfig;

/**
 * Epoch milliseconds → "2026-11-23T03:04:05.678Z" (toISOString's form). Consecutive entries mostly share
 * their second, so its formatted prefix is cached: a third of the per-row cost of the verifier otherwise.
 */
let cachedSecond = NaN;
let cachedPrefix = "";
export function isoOfEpochMs(ms: string): string {
  const n = Number(ms);
  const second = Math.floor(n / 1000);
  if (second !== cachedSecond) {
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, -4); // "…:05." (throws if not a time)
    cachedSecond = second;
  }
  const f = n - second * 1000;
  return `${cachedPrefix}${f < 10 ? "00" : f < 100 ? "0" : ""}${f}Z`;
}

export function chainRowFromTuple(seq: string, t: EntryTuple): ChainRow {
  return {
    seq,
    id: t[0],
    at: isoOfEpochMs(t[1]),
    actorId: t[2],
    actorRole: t[3],
    actorOrgId: t[4],
    action: t[5],
    entityType: t[6],
    entityId: t[7],
    beforeDigest: t[8],
    afterDigest: t[9],
    detail: JSON.parse(t[10]),
    ip: t[11],
    userAgent: t[12],
  };
}

const q = JSON.stringify;
const qn = (s: string | null) => (s === null ? "null" : JSON.stringify(s));
// uuid and bigint columns cannot hold characters JSON escapes (the column types guarantee it), so they are
// quoted without JSON.stringify. Every free-text column goes through JSON.stringify: an unescaped quote
// could otherwise shift bytes between fields and make a changed row hash like the original.
const qu = (s: string | null) => (s === null ? "null" : `"${s}"`);

/**
 * The canonical JSON of an entry, written directly in the sorted key order (action, actorId, actorOrgId,
 * actorRole, afterDigest, at, beforeDigest, detail, entityId, entityType, id, ip, seq, userAgent) with
 * `detailJson` already canonical. Same bytes as canonicalJson(chainRowFromTuple(…)); the unit tests
 * check the equivalence.
 */
function entryJson(seq: string, t: EntryTuple, detailJson: string): string {
  return (
    `{"action":${q(t[5])},"actorId":${qu(t[2])},"actorOrgId":${qu(t[4])},"actorRole":${q(t[3])}` +
    `,"afterDigest":${qn(t[9])},"at":"${isoOfEpochMs(t[1])}","beforeDigest":${qn(t[8])},"detail":${detailJson}` +
    `,"entityId":${q(t[7])},"entityType":${q(t[6])},"id":"${t[0]}","ip":${q(t[11])},"seq":"${seq}"` +
    `,"userAgent":${q(t[12])}}`
  );
}

/** The sealer's hash: detail always re-canonicalised, whoever wrote the row. */
export function chainHashTuple(prevHash: string, seq: string, t: EntryTuple): string {
  return sha256Hex(`${prevHash}\n${entryJson(seq, t, canonicalJson(JSON.parse(t[10])))}`);
}

/**
 * The verifier's check, fast path first: appendAudit stores detail as canonical JSON text in a `json`
 * column (kept byte for byte), so hashing the stored text as it is gives the sealed hash for every intact
 * row — no JSON parsing at all. A match proves the row is intact (equal SHA-256 means equal canonical
 * bytes). Only on a mismatch is detail re-canonicalised (rows written as non-canonical JSON by other
 * means, e.g. converted from jsonb) and hashed again; still different = the row was changed.
 */
export function tupleMatches(prevHash: string, seq: string, t: EntryTuple, stored: string): boolean {
  const raw = t[10];
  if (sha256Hex(`${prevHash}\n${entryJson(seq, t, raw)}`) === stored) return true;
  let canon: string;
  try {
    canon = canonicalJson(JSON.parse(raw));
  } catch {
    return false;
  }
  return canon !== raw && sha256Hex(`${prevHash}\n${entryJson(seq, t, canon)}`) === stored;
}

/**
 * The same formula in SQL, over AuditSeal `s` joined to AuditEntry `e`: the verifier's fast path, computed
 * by the database (its C SHA-256 and string functions cost about half the CPU of reading every row into
 * JavaScript). to_json(text) escapes exactly as JSON.stringify does for text PostgreSQL can hold; uuid and
 * bigint need no escaping; `detail` is the stored json text. A match is proof (SHA-256) that the row
 * renders to the bytes the sealer hashed; anything else is re-checked by tupleMatches, the authority.
 */
const j = (x: string) => `coalesce(to_json(${x})::text, 'null')`;
export const CANONICAL_SQL = `'{"action":' || to_json(e.action)::text
  || ',"actorId":' || coalesce('"' || e."actorId" || '"', 'null')
  || ',"actorOrgId":' || coalesce('"' || e."actorOrgId" || '"', 'null')
  || ',"actorRole":' || to_json(e."actorRole")::text
  || ',"afterDigest":' || ${j('e."afterDigest"::text')}
  || ',"at":"' || to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
  || '","beforeDigest":' || ${j('e."beforeDigest"::text')}
  || ',"detail":' || e.detail::text
  || ',"entityId":' || to_json(e."entityId")::text
  || ',"entityType":' || to_json(e."entityType")::text
  || ',"id":"' || e.id || '","ip":' || to_json(e.ip)::text
  || ',"seq":"' || s.seq || '","userAgent":' || to_json(e."userAgent")::text || '}'`;
export const HASH_MATCHES_SQL = `encode(sha256(convert_to(s."prevHash" || E'\\n' || ${CANONICAL_SQL}, 'UTF8')), 'hex') = s.hash`;

/** Advisory lock key taken by every sealing transaction: one sealer at a time, in any process. */
export const AUDIT_SEAL_LOCK = 7_202_611_230_001;
