import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import PDFDocument from "pdfkit";
import { getEnv } from "~/lib/env.server";
import { formatShanghai } from "~/lib/time";
import { docText } from "./texts";


/**
 * The pdfkit document factory every generated document uses: A4, an embedded CJK font (subset by pdfkit,
 * so a one-page certificate stays in the tens of KB), and the same header and footer on every page —
 * centre name, document title, document number, page x/y, generation time in Shanghai time and the
 * content digest. Fonts come from Debian packages on disk: nothing is downloaded at run time.
 */

export const FONT = { body: "cjk", title: "cjk-title", mono: "Courier" } as const;

const WQY = { path: "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", name: "WenQuanYiZenHei" };
const SERIF_BOLD = { path: "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", name: "NotoSerifCJKsc-Bold" };

interface LoadedFont {
  bytes: Buffer;
  name: string | undefined;
  /** The parsed font, shared by every document of this process (see sharedFont). */
  font: FontkitFont;
}

/** What pdfkit needs of a fontkit font (pdfkit ≥ 0.16 takes a font object wherever it takes bytes). */
interface GlyphRunLike {
  glyphs: unknown[];
  positions: Record<string, number>[];
  readonly advanceWidth: number;
}
interface FontkitFont {
  layout(text: string, features?: unknown): GlyphRunLike;
}

/** Beyond this many distinct strings the layout memo starts again (bounded memory in a long-lived worker). */
const LAYOUT_MEMO_MAX = 50_000;

/**
 * Parses a font ONCE per process (issue 15: parsing a 20 MB CJK collection per document cost hundreds of ms)
 * and memoises its text layout across documents. pdfkit's own layout cache lives per document and is keyed
 * by space-separated words — Chinese has no spaces, so every line was shaped again in every document. The
 * memo returns fresh position objects each time because pdfkit scales them in place; glyphs are fontkit's
 * own cached objects. The parsed font is obtained through pdfkit itself (a throw-away document), so fontkit
 * stays pdfkit's private dependency.
 */
function sharedFont(bytes: Buffer, name: string | undefined): FontkitFont {
  const probe = new PDFDocument({ autoFirstPage: false });
  probe.registerFont("probe", bytes, name);
  probe.font("probe");
  const parsed = (probe as unknown as { _font: { font: FontkitFont } })._font.font;
  let memo = new Map<string, GlyphRunLike>();
  const shared = Object.create(parsed) as FontkitFont;
  shared.layout = (text: string, features?: unknown) => {
    if (features) return parsed.layout(text, features);
    let run = memo.get(text);
    if (!run) {
      if (memo.size >= LAYOUT_MEMO_MAX) memo = new Map();
      run = parsed.layout(text);
      memo.set(text, run);
    }
    const positions = run.positions.map((p) => ({ ...p }));
    return {
      glyphs: run.glyphs,
      positions,
      get advanceWidth() {
        let w = 0;
        for (const p of positions) w += p.xAdvance ?? 0;
        return w;
      },
    };
  };
  return shared;
}
interface Fonts {
  body: LoadedFont;
  title: LoadedFont;
}
let fontCache: { key: string; fonts: Fonts } | undefined;

function load(p: string, name: string | undefined): LoadedFont {
  // A .ttc holds several faces: pdfkit needs the PostScript name of the one to use.
  const bytes = readFileSync(p);
  const face = p.toLowerCase().endsWith(".ttc") ? name : undefined;
  return { bytes, name: face, font: sharedFont(bytes, face) };
}

/** Body font from PDF_FONT_PATH/PDF_FONT_NAME, else WenQuanYi Zen Hei; titles in Noto Serif CJK Bold when installed. */
export function loadFonts(): Fonts {
  const env = getEnv();
  const key = `${env.PDF_FONT_PATH}|${env.PDF_FONT_NAME}`;
  if (fontCache?.key === key) return fontCache.fonts;
  const candidates = [{ path: env.PDF_FONT_PATH, name: env.PDF_FONT_NAME }, WQY];
  const found = candidates.find((c) => existsSync(c.path));
  if (!found) {
    throw new Error(
      `No CJK font for PDFs: ${candidates.map((c) => c.path).join(", ")} missing. ` +
        `Install the Debian package fonts-noto-cjk (apt-get install -y fonts-noto-cjk) or fonts-wqy-zenhei, ` +
        `or set PDF_FONT_PATH and PDF_FONT_NAME (the PostScript name for a .ttc).`,
    );
  }
  const body = load(found.path, found.name);
  // Official documents set titles in a Song-style (serif) bold face; fall back to the body font.
  const title = existsSync(SERIF_BOLD.path) ? load(SERIF_BOLD.path, SERIF_BOLD.name) : body;
  fontCache = { key, fonts: { body, title } };
  return fontCache.fonts;
}

export interface PdfMeta {
  /** Document title, e.g. 企业注册证明; printed in the header and the PDF metadata. */
  title: string;
  /** Document number (nextDocumentNumber). */
  number: string;
  /** SHA-256 (hex) of the canonical content this document states. */
  contentDigest: string;
  generatedAt?: Date;
  /** Defaults to CENTRE_NAME. */
  centreName?: string;
}

export const PAGE = { width: 595.28, height: 841.89, margin: { top: 92, bottom: 96, left: 64, right: 64 } } as const;
export const CONTENT_WIDTH = PAGE.width - PAGE.margin.left - PAGE.margin.right;
export const COLOR = { text: "#1a1a1a", muted: "#555555", rule: "#9a9a9a", seal: "#c8161d", shade: "#f2f2f2" } as const;

export type Pdf = PDFKit.PDFDocument & { meta: Required<PdfMeta> };

/** A new A4 document with fonts registered and pages buffered (headers/footers are drawn by finishPdf). */
export function createPdf(meta: PdfMeta): Pdf {
  const fonts = loadFonts();
  const full: Required<PdfMeta> = {
    generatedAt: new Date(),
    centreName: getEnv().CENTRE_NAME,
    ...meta,
  };
  const doc = new PDFDocument({
    size: "A4",
    margins: PAGE.margin,
    bufferPages: true,
    lang: "zh-CN",
    displayTitle: true,
    info: {
      Title: `${full.title} ${full.number}`,
      Author: full.centreName,
      Subject: full.title,
      Keywords: `sha256:${full.contentDigest}`,
      Producer: "ggzy-trading-portal",
      CreationDate: full.generatedAt,
    },
  }) as Pdf;
  doc.meta = full;
  // Parsed fonts, not bytes: no font parse per document (pdfkit still subsets per document).
  doc.registerFont(FONT.body, fonts.body.font as unknown as Buffer);
  doc.registerFont(FONT.title, fonts.title.font as unknown as Buffer);
  doc.font(FONT.body).fontSize(11).fillColor(COLOR.text);
  return doc;
}

/** Draws header and footer on every page, ends the document and returns its bytes. */
export async function finishPdf(doc: Pdf): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    drawHeaderFooter(doc, i - start + 1, count);
  }
  doc.end();
  return done;
}

function drawHeaderFooter(doc: Pdf, page: number, pages: number) {
  const { meta } = doc;
  const left = PAGE.margin.left;
  const right = PAGE.width - PAGE.margin.right;
  // Writing inside the margins would make pdfkit start a new page: lift the margins while drawing.
  const saved = { ...doc.page.margins };
  doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
  doc.save();

  // Header: centre name and document title, centred, over a double rule.
  doc.font(FONT.body).fontSize(9).fillColor(COLOR.muted);
  doc.text(meta.centreName, left, 40, { width: CONTENT_WIDTH, align: "center", lineBreak: false });
  doc.text(`${meta.title}  ·  ${meta.number}`, left, 54, { width: CONTENT_WIDTH, align: "center", lineBreak: false });
  doc.moveTo(left, 70).lineTo(right, 70).lineWidth(0.8).strokeColor(COLOR.rule).stroke();
  doc.moveTo(left, 72.5).lineTo(right, 72.5).lineWidth(0.3).stroke();

  // Footer: number, generation time, page x/y, content digest and how to check the file's own hash.
  const y = PAGE.height - 78;
  doc.moveTo(left, y).lineTo(right, y).lineWidth(0.5).strokeColor(COLOR.rule).stroke();
  doc.fontSize(8).fillColor(COLOR.muted);
  const when = `${formatShanghai(meta.generatedAt)}（${docText("zh-CN", "pdf.timeZone")}）`;
  doc.text(
    `${docText("zh-CN", "pdf.number")}：${meta.number}    ${docText("zh-CN", "pdf.generatedAt")}：${when}`,
    left,
    y + 6,
    { width: CONTENT_WIDTH, align: "left", lineBreak: false },
  );
  doc.text(docText("zh-CN", "pdf.page", { page, pages }), left, y + 6, { width: CONTENT_WIDTH, align: "right", lineBreak: false });
  doc.text(`${docText("zh-CN", "pdf.contentDigest")}：`, left, y + 19, { lineBreak: false });
  const labelWidth = doc.widthOfString(`${docText("zh-CN", "pdf.contentDigest")}：`);
  doc.font(FONT.mono).fontSize(7.5).text(meta.contentDigest, left + labelWidth, y + 20, { lineBreak: false });
  doc.font(FONT.body).fontSize(7).text(docText("zh-CN", "pdf.digestNote"), left, y + 32, { width: CONTENT_WIDTH, lineGap: 1 });

  doc.restore();
  doc.page.margins = saved;
}

/** Where a document's bytes go: documents/yyyy/MM/<id>.pdf (Shanghai month). */
export const documentStorageKey = (id: string, at: Date) =>
  path.posix.join("documents", formatShanghai(at, "yyyy"), formatShanghai(at, "MM"), `${id}.pdf`);
