import { PDFArray, PDFDocument, PDFHexString, PDFString } from "pdf-lib";

export interface PdfMetadata {
  author: string;
  creator: string;
  producer: string;
  /** Lower-case hex of the trailer /ID[0], "" when the file has none. */
  documentId: string;
}

const clip = (s: string | undefined, n = 200) => (s ?? "").replace(/\p{Cc}/gu, " ").trim().slice(0, n);

function firstFileId(doc: PDFDocument): string {
  const id = doc.context.trailerInfo.ID;
  const first = id instanceof PDFArray && id.size() > 0 ? id.get(0) : null;
  let bytes: Uint8Array | null = null;
  if (first instanceof PDFHexString || first instanceof PDFString) bytes = first.asBytes();
  if (!bytes || bytes.length === 0) return "";
  return Buffer.from(bytes).toString("hex").slice(0, 64);
}

/**
 * The identifying metadata of one PDF, read without changing it (updateMetadata: false). Encrypted PDFs
 * keep their Info strings encrypted: only their file id is used. Throws on a file that is not a PDF.
 */
export async function readPdfMetadata(bytes: Uint8Array): Promise<PdfMetadata> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true, throwOnInvalidObject: false });
  const plain = !doc.isEncrypted;
  return {
    author: plain ? clip(doc.getAuthor()) : "",
    creator: plain ? clip(doc.getCreator()) : "",
    producer: plain ? clip(doc.getProducer()) : "",
    documentId: firstFileId(doc),
  };
}
