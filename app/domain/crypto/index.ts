/**
 * Sealed-bid crypto (SPEC §4.3, issue 4): isomorphic — Web Crypto, Web streams and Uint8Array only,
 * so the browser and the Node CLI produce byte-identical envelopes. Format: docs/sealed-bid-format.md.
 */
export {
  KEY_FILE_FORMAT,
  MAX_PBKDF2_ITERATIONS,
  MIN_PASSPHRASE_LENGTH,
  MIN_PBKDF2_ITERATIONS,
  PUBLIC_KEY_FILE_FORMAT,
  exportKeyFile,
  exportPublicKeyFile,
  exportSpki,
  formatFingerprint,
  generateBidderKeyPair,
  importKeyFile,
  importPublicKeySpki,
  importRecipientPublicKey,
  parseKeyFile,
  publicKeyFingerprint,
  type BidderKey,
  type BidderKeyFile,
  type BidderPublicKeyFile,
} from "./bidder-key";
export { fromBase64, fromHex, toBase64, toHex, type Bytes } from "./bytes";
export {
  CONTENT_ALG,
  DEFAULT_CHUNK_SIZE,
  ENVELOPE_FORMAT,
  ENVELOPE_VERSION,
  KEY_WRAP_ALG,
  MAX_CHUNK_SIZE,
  MAX_HEADER_LENGTH,
  MIN_CHUNK_SIZE,
  PREAMBLE_LENGTH,
  readEnvelopeHeader,
  readPreamble,
  type EnvelopeHeader,
  type ParsedEnvelopeHeader,
} from "./envelope-format";
export * from "./errors";
export { nobleSha256, type HashFactory, type IncrementalHash } from "./hash";
export { assertKeyCommitment, keyCommitment, unwrapContentKey } from "./key-wrap";
export {
  MAX_PRICE_FEN,
  normalizePriceSheet,
  validFileName,
  type BidManifest,
  type ManifestFile,
  type PriceSheet,
  type PriceSheetField,
  type PriceSheetInput,
} from "./manifest";
export {
  openBid,
  openBidWithContentKey,
  type OpenOptions,
  type OpenResult,
  type OpenedBid,
  type OpenedFile,
} from "./open-bid";
export {
  deterministicRandomness,
  deterministicRandomnessFromJson,
  systemRandomness,
  type P256PrivateJwk,
  type Randomness,
} from "./randomness";
export { sealBid, type SealBidInput, type SealFileInput, type SealResult, type SealedFileInfo } from "./seal-bid";
export { readAllBytes, type ByteSource } from "./streams";
