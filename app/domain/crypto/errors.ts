import { DomainError, type DomainErrorStatus } from "../errors";

/**
 * Refusals of the sealed-bid crypto. Each is a DomainError (so routes localize it the usual way) with
 * its own class (so callers and tests can tell them apart with instanceof) and a code under the
 * "bids" i18n namespace (app/locales/<lang>/bids.json).
 */
export class SealedBidError extends DomainError {
  constructor(code: string, params: Record<string, string | number> = {}, status: DomainErrorStatus = 422) {
    super(code, params, status);
    this.name = new.target.name;
  }
}

/** The key file's passphrase does not decrypt its private key (or the file was altered). */
export class WrongPassphraseError extends SealedBidError {
  constructor() {
    super("bids:errors.wrongPassphrase", {}, 422);
  }
}

/** A key file protected with fewer PBKDF2 iterations than we accept (or otherwise weak parameters). */
export class WeakKeyFileError extends SealedBidError {
  constructor(iterations: number, minimum: number) {
    super("bids:errors.weakKeyFile", { iterations, minimum });
  }
}

/** Not a key file we can read: wrong format name/version, bad encoding, mismatched public key. */
export class InvalidKeyFileError extends SealedBidError {
  constructor(reason: string) {
    super("bids:errors.invalidKeyFile", { reason });
  }
}

/** The envelope was sealed to another key than the one offered (e.g. another bidder's, or a replaced key). */
export class WrongKeyError extends SealedBidError {
  constructor(expectedFingerprint: string, actualFingerprint = "") {
    super("bids:errors.wrongKey", { expected: expectedFingerprint, actual: actualFingerprint });
  }
}

/** The envelope's magic/header announces a format version this code does not read. */
export class UnsupportedEnvelopeVersionError extends SealedBidError {
  constructor(version: string | number) {
    super("bids:errors.unsupportedVersion", { version: String(version) });
  }
}

/** Not a sealed-bid envelope, or a malformed header/manifest (reason says which part). */
export class InvalidEnvelopeError extends SealedBidError {
  constructor(reason: string) {
    super("bids:errors.invalidEnvelope", { reason });
  }
}

/** A chunk failed authentication, or the chunk framing/trailer was altered. `chunk` is 0-based. */
export class TamperedEnvelopeError extends SealedBidError {
  constructor(
    public readonly chunk: number,
    reason = "authentication",
  ) {
    super("bids:errors.tampered", { chunk, reason });
  }
}

/** The envelope ends early (no final chunk or trailer). `chunk` is the record that was cut. */
export class TruncatedEnvelopeError extends SealedBidError {
  constructor(public readonly chunk: number | "header") {
    super("bids:errors.truncated", { chunk: String(chunk) });
  }
}

/** Hash mismatch: a file's bytes do not match the digest sealed with it, or an expected hash differs. */
export class HashMismatchError extends SealedBidError {
  constructor(what: string) {
    super("bids:errors.hashMismatch", { what });
  }
}

/** While sealing, a file stream delivered a different number of bytes than its declared size. */
export class FileSizeMismatchError extends SealedBidError {
  constructor(name: string, declared: number, actual: number) {
    super("bids:errors.fileSizeMismatch", { name, declared, actual });
  }
}

/** Bad seal input: price sheet, file list, lot id or chunk size (field names which). */
export class InvalidBidInputError extends SealedBidError {
  constructor(field: string, reason: string) {
    super("bids:errors.invalidInput", { field, reason });
  }
}

export const isSealedBidError = (e: unknown): e is SealedBidError => e instanceof SealedBidError;
