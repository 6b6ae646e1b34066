/**
 * Bounds of the live-log exports: a range above its bound is refused (narrow the filter) rather than cut.
 * CSV is streamed and cheap; XLSX is built in memory; the PDF lays out 21 entries per A4 page in the
 * worker and pdfkit keeps every page until the end (page x/y footers): measured here, 20 000 entries take
 * ~25 s and ~600 MB in the documents child process (50 000 would need ~1 GB), so the PDF bound is 20 000.
 */
export const EXPORT_LIMITS = { csv: 100_000, xlsx: 50_000, pdf: 20_000 } as const;
export type ExportFormat = keyof typeof EXPORT_LIMITS;
