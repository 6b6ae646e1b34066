import { concatBytes, type Bytes } from "./bytes";

/** Something that yields bytes: a Web ReadableStream, a Node Readable, or any async iterable. */
export type ByteSource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/**
 * Iterates a byte source. ReadableStreams are read through a reader (not `for await`, which Safari
 * lacks); stopping early cancels the stream so file handles and uploads are released.
 */
export async function* iterateBytes(source: ByteSource): AsyncGenerator<Uint8Array, void, undefined> {
  if (typeof (source as ReadableStream<Uint8Array>).getReader === "function") {
    const reader = (source as ReadableStream<Uint8Array>).getReader();
    let finished = false;
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          finished = true;
          return;
        }
        if (!(value instanceof Uint8Array)) throw new TypeError("byte stream yielded a non-Uint8Array chunk");
        if (value.byteLength > 0) yield value;
      }
    } finally {
      if (!finished) await reader.cancel().catch(() => {});
      reader.releaseLock();
    }
  } else {
    for await (const value of source as AsyncIterable<Uint8Array>) {
      if (!(value instanceof Uint8Array)) throw new TypeError("byte stream yielded a non-Uint8Array chunk");
      if (value.byteLength > 0) yield value;
    }
  }
}

/** A pull-based ReadableStream over an async generator (backpressure: one item produced per read). */
export function generatorToStream(
  gen: AsyncGenerator<Uint8Array, void, undefined>,
  onError: (e: unknown) => void,
): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { value, done } = await gen.next();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (e) {
          onError(e);
          controller.error(e);
        }
      },
      async cancel(reason) {
        onError(reason instanceof Error ? reason : new Error("stream cancelled"));
        await gen.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

/** Reads a whole (small) stream into memory. For tests and small envelopes only. */
export async function readAllBytes(source: ByteSource): Promise<Bytes> {
  const parts: Uint8Array[] = [];
  for await (const p of iterateBytes(source)) parts.push(p);
  return concatBytes(...parts);
}

/**
 * Exact-length reads over a chunked byte source, holding at most what one read asks for. Every byte
 * pulled from the source is passed to `tap` once (used for the running ciphertext/plaintext hash).
 */
export class ByteReader {
  private queue: Uint8Array[] = [];
  private queued = 0;
  private ended = false;

  constructor(
    private readonly source: AsyncIterator<Uint8Array>,
    private readonly tap: (b: Uint8Array) => void = () => {},
  ) {}

  /** Ensures at least n bytes are queued; false if the source ends first. */
  private async fill(n: number): Promise<boolean> {
    while (this.queued < n && !this.ended) {
      const { value, done } = await this.source.next();
      if (done) this.ended = true;
      else if (value.byteLength > 0) {
        this.tap(value);
        this.queue.push(value);
        this.queued += value.byteLength;
      }
    }
    return this.queued >= n;
  }

  private take(n: number): Bytes {
    // Fast path: the next piece is exactly what was asked for (a whole record from a seal stream).
    if (this.queue[0]?.byteLength === n) {
      this.queued -= n;
      return this.queue.shift() as Bytes;
    }
    const out = new Uint8Array(n);
    let o = 0;
    while (o < n) {
      const head = this.queue[0];
      const k = Math.min(head.byteLength, n - o);
      out.set(head.subarray(0, k), o);
      o += k;
      if (k === head.byteLength) this.queue.shift();
      else this.queue[0] = head.subarray(k);
    }
    this.queued -= n;
    return out;
  }

  /** Exactly n bytes, or null if the source ends before (the partial bytes are then lost: an error path). */
  async readExactly(n: number): Promise<Bytes | null> {
    return (await this.fill(n)) ? this.take(n) : null;
  }

  /** The next n bytes without consuming them, or null if fewer remain. */
  async peek(n: number): Promise<Bytes | null> {
    if (!(await this.fill(n))) return null;
    const out = this.take(n);
    this.queue.unshift(out);
    this.queued += n;
    return out;
  }

  /** Between 1 and max bytes (whatever is at hand, without copying large pieces), or null at the end. */
  async readUpTo(max: number): Promise<Uint8Array | null> {
    if (!(await this.fill(1))) return null;
    const head = this.queue[0];
    if (head.byteLength <= max) {
      this.queue.shift();
      this.queued -= head.byteLength;
      return head;
    }
    this.queue[0] = head.subarray(max);
    this.queued -= max;
    return head.subarray(0, max);
  }

  async atEnd(): Promise<boolean> {
    return !(await this.fill(1));
  }
}
