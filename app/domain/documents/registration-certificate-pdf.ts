import { getEnv } from "~/lib/env.server";
import { formatShanghai, formatShanghaiChineseDate } from "~/lib/time";
import { drawFieldTable, drawIssuer, drawParagraph, drawSystemFooter, drawTitle } from "./layout";
import { COLOR, createPdf, finishPdf } from "./pdf";
import { docText, zhEn } from "./texts";

export interface RegistrationCertificateData {
  documentId: string;
  number: string;
  contentDigest: string;
  org: { name: string; creditCode: string; kind: string; region: string; address: string; createdAt: Date };
  firstUser: { displayName: string; username: string } | null;
  generatedAt: Date;
}

/** 企业注册证明 as PDF bytes (pure rendering: no database, no storage). */
export async function renderRegistrationCertificatePdf(d: RegistrationCertificateData): Promise<Buffer> {
  const env = getEnv();
  const title = zhEn("registrationCertificate.title");
  const doc = createPdf({ title: title.zh, number: d.number, contentDigest: d.contentDigest, generatedAt: d.generatedAt });
  const centre = doc.meta.centreName;

  drawTitle(doc, title.zh, title.en, `${docText("zh-CN", "pdf.number")}：${d.number}`);
  drawParagraph(doc, docText("zh-CN", "registrationCertificate.intro", { centre }), { indent: true });
  doc.moveDown(0.3);

  const f = (k: string) => zhEn(`registrationCertificate.fields.${k}`);
  const kindKey = `registrationCertificate.orgKinds.${d.org.kind}`;
  drawFieldTable(doc, [
    { ...f("name"), value: d.org.name },
    { ...f("creditCode"), value: d.org.creditCode, mono: true },
    { ...f("kind"), value: `${docText("zh-CN", kindKey)}（${docText("en", kindKey)}）` },
    { ...f("region"), value: d.org.region },
    { ...f("address"), value: d.org.address },
    { ...f("registeredAt"), value: `${formatShanghai(d.org.createdAt)}（${docText("zh-CN", "pdf.timeZone")}）` },
    {
      ...f("firstUser"),
      value: d.firstUser ? `${d.firstUser.displayName}（${d.firstUser.username}）` : "",
    },
  ]);

  drawParagraph(doc, docText("zh-CN", "registrationCertificate.closing"), { indent: true });
  drawIssuer(doc, centre, formatShanghaiChineseDate(d.generatedAt), docText("zh-CN", "pdf.seal"));

  drawParagraph(doc, docText("zh-CN", "registrationCertificate.note"), { size: 9, color: COLOR.muted, lineGap: 2 });
  drawSystemFooter(doc, `${env.PUBLIC_URL}/documents/${d.documentId}`);
  return finishPdf(doc);
}
