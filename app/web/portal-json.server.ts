import type { OcdsPublisher } from "~/domain/tenders/get-public-tender-ocds";
import type { getPublicTender } from "~/domain/tenders/get-public-tender";
import type { PublicTenderRow } from "~/domain/tenders/list-public-tenders";
import { getEnv } from "~/lib/env.server";

/**
 * Shapes of the public JSON API (/api/v1/tenders…): plain JSON, money as integer fen (a JSON number:
 * the database bounds amounts to 10^15 fen, well inside 2^53), instants as UTC ISO strings, plus links.
 * Documented in app/openapi/tenders.ts. Public views only: nothing about registrations or askers exists
 * in them to begin with.
 */
export function publicBaseUrl(): string {
  return getEnv().PUBLIC_URL.replace(/\/+$/, "");
}

export function ocdsPublisher(): OcdsPublisher {
  const env = getEnv();
  const baseUrl = publicBaseUrl();
  return {
    ocidPrefix: env.OCDS_PREFIX,
    baseUrl,
    publisherName: env.CENTRE_NAME,
    licenseUrl: env.OCDS_LICENSE_URL,
    publicationPolicyUrl: env.OCDS_PUBLICATION_POLICY_URL ?? `${baseUrl}/announcements#open-data`,
  };
}

const fen = (v: bigint) => Number(v);

function links(id: string) {
  const base = publicBaseUrl();
  return { html: `${base}/tenders/${id}`, self: `${base}/api/v1/tenders/${id}`, ocds: `${base}/api/v1/tenders/${id}/ocds` };
}

export function tenderListItemJson(r: PublicTenderRow) {
  return {
    id: r.id,
    ocid: `${getEnv().OCDS_PREFIX}-${r.id}`,
    projectCode: r.projectCode,
    projectTitle: r.projectTitle,
    lotNo: r.lotNo,
    title: r.title,
    procurementType: r.procurementType,
    region: r.region,
    status: r.status,
    publishedAt: new Date(r.publishedAt).toISOString(),
    bidDeadline: new Date(r.bidDeadline).toISOString(),
    ceilingPriceFen: fen(BigInt(r.ceilingPriceFen)),
    links: links(r.id),
  };
}

export function tenderDetailJson(v: Awaited<ReturnType<typeof getPublicTender>>) {
  const { lot, project } = v;
  const iso = (d: Date) => d.toISOString();
  return {
    id: lot.id,
    ocid: `${getEnv().OCDS_PREFIX}-${lot.id}`,
    serverNow: iso(v.serverNow),
    project: { code: project.code, title: project.title, procurementType: project.procurementType, region: project.region, buyerName: project.buyerName, agentName: project.agentName },
    lot: {
      lotNo: lot.lotNo,
      title: lot.title,
      description: lot.description,
      status: lot.status,
      version: lot.version,
      estimatedPriceFen: fen(lot.estimatedPriceFen),
      ceilingPriceFen: fen(lot.ceilingPriceFen),
      bondFen: fen(lot.bondFen),
      qualification: lot.qualification,
      evaluationMethod: lot.evaluationMethod,
      criteria: lot.criteria,
      publishedAt: iso(lot.publishedAt!),
      docsAvailableFrom: iso(lot.docsAvailableFrom),
      docsAvailableTo: iso(lot.docsAvailableTo),
      clarificationCutoff: iso(lot.clarificationCutoff),
      objectionCutoff: iso(lot.objectionCutoff),
      bidDeadline: iso(lot.bidDeadline),
      decryptionWindowMinutes: lot.decryptionWindowMinutes,
    },
    docsOpen: v.docsOpen,
    timeline: v.timeline.map((e) => ({ key: e.key, at: iso(e.at), passed: e.passed })),
    documents: v.documents.map((d) => ({ id: d.id, name: d.name, size: d.size, sha256: d.sha256, createdAt: iso(d.createdAt) })),
    announcements: v.announcements.map((a) => ({
      id: a.id,
      kind: a.kind,
      title: a.title,
      body: a.body,
      publishedAt: iso(a.publishedAt),
      changes: a.changes,
      pdfUrl: a.documentId ? `${publicBaseUrl()}/documents/${a.documentId}` : null,
    })),
    links: links(lot.id),
  };
}

/** CORS + caching for open data: anyone may read it from a browser; a minute of staleness is fine. */
export const OPEN_DATA_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Cache-Control": "public, max-age=60",
} as const;
