/**
 * What a generated document prints about itself — its id (verification link), number and generation
 * time. A re-render (restore-document.ts) passes the row's values back, so that the same facts give the
 * same bytes: pdfkit's output depends on nothing else (its file ID is an MD5 of the info dictionary,
 * whose CreationDate is `generatedAt`).
 */
export interface DocumentStamp {
  documentId: string;
  number: string;
  generatedAt: Date;
}
