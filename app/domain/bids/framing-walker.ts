import { PREAMBLE_LENGTH, readEnvelopeHeader, readPreamble, TamperedEnvelopeError, TruncatedEnvelopeError } from "~/domain/crypto";

const TAG = 16;

/** What the walker concluded, as plain data (it is written next to the upload when the upload completes). */
export type FramingVerdict =
  | { ok: true; chunkCount: number }
  | { ok: false; error: "tampered"; chunk: number; reason: string }
  | { ok: false; error: "truncated"; chunk: number | "header" }
  | { ok: false; error: "header" };

/**
 * The same checks as checkEnvelopeFraming (docs/sealed-bid-format.md §6), made on the bytes as they stream
 * in, so that finalising needs no second read of the envelope: each record's length, the end marker, the
 * trailer's chunk count, nothing after the trailer. Header errors (magic, version, JSON) are left to
 * finalise, which parses the header from the first bytes anyway; the walker then only says "header".
 * `clone()` gives an independent copy (a checkpoint: an interrupted PATCH resumes from it).
 */
export class FramingWalker {
  /** Absolute offset of the next byte update() will see. */
  pos = 0;
  private head: Buffer[] = [];
  private headLen = 0;
  private prefixLength = 0;
  private chunkSize = 0;
  /** Offset of the next u32 to read (record length, or trailer count), and its bytes so far. */
  private fieldAt = 0;
  private field = Buffer.alloc(4);
  private fieldHave = 0;
  private state: "preamble" | "header" | "length" | "count" | "end" | "failed" = "preamble";
  private index = 0;
  private lastLen = 0;
  private failure: FramingVerdict | null = null;
  private endAt = 0;

  clone(): FramingWalker {
    const c = Object.assign(new FramingWalker(), this);
    c.head = [...this.head];
    c.field = Buffer.from(this.field);
    return c;
  }

  update(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length && this.state !== "failed") {
      const abs = this.pos + i;
      if (this.state === "preamble" || this.state === "header") {
        const want = (this.state === "preamble" ? PREAMBLE_LENGTH : this.prefixLength) - this.headLen;
        const take = chunk.subarray(i, i + want);
        this.head.push(Buffer.from(take));
        this.headLen += take.length;
        i += take.length;
        if (take.length === want) this.headComplete();
        continue;
      }
      if (this.state === "end") {
        // Anything after the trailer: the upload is longer than its envelope.
        this.fail({ ok: false, error: "tampered", chunk: this.index, reason: "trailing bytes" });
        break;
      }
      if (abs < this.fieldAt) {
        i += Math.min(chunk.length - i, this.fieldAt - abs); // ciphertext: skipped, never inspected
        continue;
      }
      const n = Math.min(4 - this.fieldHave, chunk.length - i);
      chunk.copy(this.field, this.fieldHave, i, i + n);
      this.fieldHave += n;
      i += n;
      if (this.fieldHave === 4) this.fieldComplete();
    }
    this.pos += chunk.length;
  }

  /** The verdict once all `size` bytes have been seen. */
  finish(size: number): FramingVerdict {
    if (this.failure) return this.failure;
    if (this.pos !== size) return { ok: false, error: "truncated", chunk: this.index };
    if (this.state === "end" && this.endAt === size) return { ok: true, chunkCount: this.index };
    if (this.state === "preamble" || this.state === "header") return { ok: false, error: "truncated", chunk: "header" };
    // Cut inside a record's ciphertext: that record (already counted) is the one cut.
    const inRecord = this.state === "length" && this.fieldHave === 0 && size < this.fieldAt && this.index > 0;
    return { ok: false, error: "truncated", chunk: inRecord ? this.index - 1 : this.index };
  }

  private headComplete() {
    const head = Buffer.concat(this.head);
    try {
      if (this.state === "preamble") {
        this.prefixLength = PREAMBLE_LENGTH + readPreamble(head);
        this.state = "header";
        return;
      }
      this.chunkSize = readEnvelopeHeader(head).header.content.chunkSize;
    } catch {
      this.fail({ ok: false, error: "header" });
      return;
    }
    this.head = [];
    this.state = "length";
    this.fieldAt = this.prefixLength;
  }

  private fieldComplete() {
    const v = this.field.readUInt32BE(0);
    this.fieldHave = 0;
    if (this.state === "count") {
      if (v !== this.index) return this.fail({ ok: false, error: "tampered", chunk: this.index, reason: "trailer" });
      this.state = "end";
      this.endAt = this.fieldAt + 4;
      return;
    }
    if (v === 0) {
      if (this.index === 0) return this.fail({ ok: false, error: "tampered", chunk: 0, reason: "framing" });
      this.state = "count";
      this.fieldAt += 4;
      return;
    }
    if (v <= TAG || v > this.chunkSize + TAG) return this.fail({ ok: false, error: "tampered", chunk: this.index, reason: "framing" });
    if (this.index > 0 && this.lastLen !== this.chunkSize + TAG) return this.fail({ ok: false, error: "tampered", chunk: this.index - 1, reason: "framing" });
    this.lastLen = v;
    this.fieldAt += 4 + v;
    this.index++;
  }

  private fail(v: FramingVerdict) {
    this.failure = v;
    this.state = "failed";
  }
}

/** Turns a failed verdict into the error finalise refuses with (the same ones checkEnvelopeFraming throws). */
export function assertFraming(v: FramingVerdict): { chunkCount: number } {
  if (v.ok) return { chunkCount: v.chunkCount };
  if (v.error === "tampered") throw new TamperedEnvelopeError(v.chunk, v.reason);
  if (v.error === "truncated") throw new TruncatedEnvelopeError(v.chunk);
  throw new TruncatedEnvelopeError("header"); // unreachable in practice: finalise parses the header first
}
