import { concatBytes, fromUtf8, u32be, utf8, type Bytes } from "./bytes";
import { InvalidBidInputError, InvalidEnvelopeError } from "./errors";
import { validateLotId } from "./envelope-format";

/**
 * The encrypted manifest: lot, price sheet (开标一览表) and the file list. It is the first thing in
 * the plaintext, so the opening can read the price sheet from the first chunk without decrypting
 * the files. Plaintext layout (docs/sealed-bid-format.md §5):
 *   u32be manifestLength | manifest JSON | file bytes in manifest order | SHA-256 of each file (32 bytes each)
 * The per-file digests come last because a single streaming pass only knows them at the end.
 */

export const MANIFEST_FORMAT = "ggzy-bid-manifest";
export const MAX_MANIFEST_LENGTH = 1024 * 1024;
export const MAX_FILES = 1000;
export const MAX_FIELDS = 64;
export const MAX_DURATION_DAYS = 36_500;
/** 10^18 fen: far above any tender, still inside PostgreSQL bigint. */
export const MAX_PRICE_FEN = 10n ** 18n;

export interface PriceSheetField {
  name: string;
  value: string;
}

export interface PriceSheet {
  /** Total bid price in fen (分). A bigint: prices above 2^53 fen must not lose precision. */
  totalPriceFen: bigint;
  durationDays: number;
  /** Other terms the tender asks for, sorted by name (canonical order, whatever order they were typed in). */
  fields: PriceSheetField[];
}

export interface PriceSheetInput {
  totalPriceFen: bigint | string | number;
  durationDays: number;
  fields?: Record<string, string> | PriceSheetField[];
}

export interface ManifestFile {
  name: string;
  size: number;
}

export interface BidManifest {
  lotId: string;
  priceSheet: PriceSheet;
  files: ManifestFile[];
}

const CONTROL = /[\u0000-\u001f\u007f]/;

function fail(field: string, reason: string, fromEnvelope: boolean): never {
  throw fromEnvelope ? new InvalidEnvelopeError(`manifest.${field}`) : new InvalidBidInputError(field, reason);
}

function parseFen(v: unknown, fromEnvelope: boolean): bigint {
  let fen: bigint;
  if (typeof v === "bigint") fen = v;
  else if (typeof v === "number" && Number.isSafeInteger(v)) fen = BigInt(v);
  else if (typeof v === "string" && /^(0|[1-9][0-9]{0,18})$/.test(v)) fen = BigInt(v);
  else return fail("priceSheet.totalPriceFen", "notAnInteger", fromEnvelope);
  if (fen < 0n || fen >= MAX_PRICE_FEN) fail("priceSheet.totalPriceFen", "outOfRange", fromEnvelope);
  return fen;
}

export function normalizePriceSheet(input: PriceSheetInput, fromEnvelope = false): PriceSheet {
  if (typeof input !== "object" || input === null) fail("priceSheet", "missing", fromEnvelope);
  const totalPriceFen = parseFen(input.totalPriceFen, fromEnvelope);
  const d = input.durationDays;
  if (!Number.isInteger(d) || d < 0 || d > MAX_DURATION_DAYS) fail("priceSheet.durationDays", "outOfRange", fromEnvelope);
  const raw = input.fields ?? [];
  const list: unknown[] = Array.isArray(raw) ? raw : Object.entries(raw).map(([name, value]) => ({ name, value }));
  if (list.length > MAX_FIELDS) fail("priceSheet.fields", "tooMany", fromEnvelope);
  const fields = list.map((f) => {
    const { name, value } = (f ?? {}) as Partial<PriceSheetField>;
    if (typeof name !== "string" || name.length === 0 || name.length > 64 || CONTROL.test(name)) {
      fail("priceSheet.fields", "badName", fromEnvelope);
    }
    if (typeof value !== "string" || value.length > 2000) fail("priceSheet.fields", "badValue", fromEnvelope);
    return { name, value };
  });
  // Code-unit order: deterministic in every JS engine, independent of locale.
  fields.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (let i = 1; i < fields.length; i++) {
    if (fields[i].name === fields[i - 1].name) fail("priceSheet.fields", "duplicate", fromEnvelope);
  }
  return { totalPriceFen, durationDays: d, fields };
}

/** A file name safe to write into a folder on Windows, macOS or Linux when the bid is opened. */
export function validFileName(name: unknown): name is string {
  return (
    typeof name === "string" &&
    name.length > 0 &&
    name.length <= 255 &&
    name !== "." &&
    name !== ".." &&
    !/[/\\:*?"<>|]/.test(name) &&
    !CONTROL.test(name) &&
    name.trim() === name
  );
}

export function validateFiles(files: unknown, fromEnvelope = false): ManifestFile[] {
  if (!Array.isArray(files) || files.length > MAX_FILES) return fail("files", "tooMany", fromEnvelope);
  const seen = new Set<string>();
  return files.map((f: Partial<ManifestFile>) => {
    if (!validFileName(f?.name)) fail("files.name", "invalid", fromEnvelope);
    // Case-insensitive uniqueness: two names differing only in case would collide when extracted on Windows.
    const key = f.name.toLowerCase();
    if (seen.has(key)) fail("files.name", "duplicate", fromEnvelope);
    seen.add(key);
    if (!Number.isSafeInteger(f.size) || (f.size as number) < 0) fail("files.size", "invalid", fromEnvelope);
    return { name: f.name, size: f.size as number };
  });
}

/** Manifest JSON with a fixed key order (the bytes are part of the plaintext hash). */
export function encodeManifest(m: BidManifest): Bytes {
  const json = utf8(
    JSON.stringify({
      format: MANIFEST_FORMAT,
      version: 1,
      lotId: m.lotId,
      priceSheet: {
        totalPriceFen: m.priceSheet.totalPriceFen.toString(),
        durationDays: m.priceSheet.durationDays,
        fields: m.priceSheet.fields.map((f) => ({ name: f.name, value: f.value })),
      },
      files: m.files.map((f) => ({ name: f.name, size: f.size })),
    }),
  );
  if (json.length > MAX_MANIFEST_LENGTH) throw new InvalidBidInputError("manifest", "tooLarge");
  return concatBytes(u32be(json.length), json);
}

export function decodeManifest(json: Uint8Array): BidManifest {
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(fromUtf8(json));
  } catch {
    throw new InvalidEnvelopeError("manifest.json");
  }
  if (typeof v !== "object" || v === null || v.format !== MANIFEST_FORMAT || v.version !== 1) {
    throw new InvalidEnvelopeError("manifest.format");
  }
  if (!validateLotId(v.lotId)) throw new InvalidEnvelopeError("manifest.lotId");
  const ps = v.priceSheet as Record<string, unknown> | undefined;
  if (typeof ps?.totalPriceFen !== "string") throw new InvalidEnvelopeError("manifest.priceSheet.totalPriceFen");
  const priceSheet = normalizePriceSheet(ps as unknown as PriceSheetInput, true);
  return { lotId: v.lotId, priceSheet, files: validateFiles(v.files, true) };
}

/** Length of the whole plaintext, known before sealing starts (so the last chunk is known by index). */
export function plaintextLength(manifestFrameLength: number, files: ManifestFile[]): number {
  let n = manifestFrameLength + 32 * files.length;
  for (const f of files) n += f.size;
  if (!Number.isSafeInteger(n)) throw new InvalidBidInputError("files.size", "tooLarge");
  return n;
}
