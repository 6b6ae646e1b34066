import { open } from "node:fs/promises";
import { TamperedEnvelopeError, TruncatedEnvelopeError } from "~/domain/crypto";

const TAG = 16;

/**
 * Walks the chunk records of a stored envelope without decrypting anything (docs/sealed-bid-format.md §6):
 * each record's length, the end marker, the trailer's chunk count and the end of the file. The server
 * cannot check the ciphertext itself (it has no key), but a cut or padded upload is caught here at
 * submission time rather than at the opening. Reads 4 bytes per chunk.
 */
export async function checkEnvelopeFraming(path: string, prefixLength: number, chunkSize: number): Promise<{ chunkCount: number }> {
  const fh = await open(path, "r");
  try {
    const size = (await fh.stat()).size;
    const u32 = Buffer.alloc(4);
    const readU32 = async (pos: number, chunk: number) => {
      const { bytesRead } = await fh.read(u32, 0, 4, pos);
      if (bytesRead < 4) throw new TruncatedEnvelopeError(chunk);
      return u32.readUInt32BE(0);
    };
    let pos = prefixLength;
    let index = 0;
    let lastLen = 0;
    for (;;) {
      const len = await readU32(pos, index);
      if (len === 0) break; // end marker
      if (len <= TAG || len > chunkSize + TAG) throw new TamperedEnvelopeError(index, "framing");
      if (pos + 4 + len > size) throw new TruncatedEnvelopeError(index);
      if (index > 0 && lastLen !== chunkSize + TAG) throw new TamperedEnvelopeError(index - 1, "framing");
      lastLen = len;
      pos += 4 + len;
      index++;
    }
    if (index === 0) throw new TamperedEnvelopeError(0, "framing");
    const count = await readU32(pos + 4, index);
    if (count !== index) throw new TamperedEnvelopeError(index, "trailer");
    if (pos + 8 !== size) throw new TamperedEnvelopeError(index, "trailing bytes");
    return { chunkCount: index };
  } finally {
    await fh.close();
  }
}
