import { fenToYuanNumber } from "~/lib/money";
import { ocdsTenderStatus } from "./lot-phases";
import type { AnnouncementKind, EvaluationMethod, LotStatus, ProcurementType } from "~/generated/prisma/enums";

/**
 * A published lot as an OCDS 1.1 release package (https://standard.open-contracting.org/1.1/): pure,
 * from the public view of the lot (getPublicTender) plus the publisher's settings. Validated in
 * test/unit/ocds-release-package.test.ts against an OCDS 1.1 schema (test/ocds-schema/).
 *
 * Mapping decisions (also in the report and docs):
 * - One contracting process per lot: ocid = "<prefix>-<lotId>", tender.id = lotId.
 * - One release per public announcement, oldest first, id = the announcement's id: 招标公告 → ["tender"],
 *   变更公告 → ["tenderAmendment"] (with tender.amendments), 澄清/候选人公示/流标 → ["tenderUpdate"],
 *   结果公告 → ["award"]. A release never states a value that was not true on its date: a term that a
 *   later 变更公告 moved is left out of the earlier releases (merging the releases yields today's values;
 *   the original values are in the notices themselves, linked as documents). The newest release carries
 *   the full current state; a status reached without a notice (e.g. cancelled) gets a closing release.
 * - Amounts: yuan as JSON numbers computed fen/100. Exact: the database bounds amounts to ≤ 10^15 fen,
 *   i.e. ≤ 15 significant digits, which a double and JSON's shortest form reproduce digit for digit.
 * - Buyer = 招标人/采购人 ("buyer"); the procuring entity is the 代理机构 when there is one, else the buyer.
 * - mainProcurementCategory: works for 工程建设; left out for 政府采购 (goods or services is not recorded yet).
 */

export interface OcdsTenderView {
  lot: {
    id: string;
    lotNo: number;
    title: string;
    description: string;
    status: LotStatus;
    estimatedPriceFen: bigint;
    ceilingPriceFen: bigint;
    qualification: string;
    evaluationMethod: EvaluationMethod;
    criteria: { name: string; weight: number }[];
    docsAvailableFrom: Date;
    docsAvailableTo: Date;
    clarificationCutoff: Date;
    bidDeadline: Date;
    publishedAt: Date;
  };
  project: { code: string; title: string; procurementType: ProcurementType };
  documents: { id: string; name: string; size: number; sha256: string; createdAt: Date }[];
  announcements: {
    id: string;
    kind: AnnouncementKind;
    title: string;
    body: string;
    publishedAt: Date;
    documentId: string | null;
    changes: unknown;
  }[];
  /** 定标 (app/domain/award/get-public-award.ts), once the result is announced. */
  award?: { id: string; date: Date; supplier: OcdsParty; valueFen: bigint } | null;
  /** The signed contract, once recorded. */
  contract?: {
    id: string;
    dateSigned: Date;
    recordedAt: Date;
    valueFen: bigint;
    startsOn: string;
    endsOn: string;
    document: { id: string; sha256: string; public: boolean } | null;
  } | null;
}

export interface OcdsParty {
  id: string;
  name: string;
}

export interface OcdsOptions {
  /** "ocds-" + 6 characters, registered with the Open Contracting Partnership. */
  ocidPrefix: string;
  /** Public origin, no trailing slash: https://ggzy.example.gov.cn */
  baseUrl: string;
  publisherName: string;
  licenseUrl?: string;
  publicationPolicyUrl?: string;
  buyer: OcdsParty;
  agent?: OcdsParty | null;
  /** When the lot reached its current status, for a closing release when no notice announced it. */
  statusChangedAt?: Date;
}

/** Our lot state → the closed OCDS tenderStatus codelist: a column of the phase table. */
export { ocdsTenderStatus };

export interface OcdsValue {
  amount: number;
  currency: "CNY";
}
export interface OcdsDocument {
  id: string;
  documentType: string;
  title: string;
  description?: string;
  url?: string;
  format?: string;
  datePublished: string;
  language?: string;
}
export interface OcdsAmendment {
  id: string;
  date: string;
  rationale: string;
  description: string;
  amendsReleaseID?: string;
  releaseID: string;
}
export interface OcdsTender {
  id: string;
  title: string;
  description?: string;
  status: string;
  procuringEntity: OcdsParty;
  value?: OcdsValue;
  procurementMethod: "open";
  procurementMethodDetails: string;
  mainProcurementCategory?: "works" | "goods" | "services";
  awardCriteria: "priceOnly" | "ratedCriteria";
  awardCriteriaDetails: string;
  submissionMethod: string[];
  submissionMethodDetails: string;
  eligibilityCriteria?: string;
  tenderPeriod?: { startDate: string; endDate: string };
  awardPeriod?: { startDate: string };
  enquiryPeriod?: { startDate: string; endDate: string };
  hasEnquiries: boolean;
  documents: OcdsDocument[];
  amendments?: OcdsAmendment[];
}
export interface OcdsRelease {
  ocid: string;
  id: string;
  date: string;
  tag: string[];
  initiationType: "tender";
  language: "zh";
  parties: (OcdsParty & { roles: string[] })[];
  buyer: OcdsParty;
  planning?: { budget: { description: string; amount: OcdsValue } };
  tender: OcdsTender;
  awards?: OcdsAward[];
  contracts?: OcdsContract[];
}
export interface OcdsAward {
  id: string;
  title: string;
  status: "active";
  date: string;
  value: OcdsValue;
  suppliers: OcdsParty[];
}
export interface OcdsContract {
  id: string;
  awardID: string;
  title: string;
  status: "active";
  value: OcdsValue;
  dateSigned: string;
  period: { startDate: string; endDate: string };
  documents?: OcdsDocument[];
}

const KIND: Record<AnnouncementKind, { tag: string; documentType: string; status: ReturnType<typeof ocdsTenderStatus> }> = {
  TENDER: { tag: "tender", documentType: "tenderNotice", status: "active" },
  CHANGE: { tag: "tenderAmendment", documentType: "tenderNotice", status: "active" },
  CLARIFICATION: { tag: "tenderUpdate", documentType: "clarifications", status: "active" },
  CANDIDATES: { tag: "tenderUpdate", documentType: "evaluationReports", status: "active" },
  RESULT: { tag: "award", documentType: "awardNotice", status: "complete" },
  FAILED: { tag: "tenderUpdate", documentType: "cancellationDetails", status: "unsuccessful" },
  CONTRACT: { tag: "contract", documentType: "contractNotice", status: "complete" },
  CANCELLED: { tag: "tenderCancellation", documentType: "cancellationDetails", status: "cancelled" },
};

/** Lot fields a 变更公告 may move, as named in Announcement.changes[].field. */
type Movable = "estimatedPriceFen" | "ceilingPriceFen" | "qualification" | "description" | "clarificationCutoff" | "bidDeadline";

function changedFields(changes: unknown): Set<string> {
  if (!Array.isArray(changes)) return new Set();
  return new Set(changes.map((c) => (c && typeof c === "object" ? String((c as { field?: unknown }).field ?? "") : "")));
}

const iso = (d: Date) => d.toISOString();
const money = (fen: bigint): OcdsValue => ({ amount: fenToYuanNumber(fen), currency: "CNY" });

export function buildOcdsReleasePackage(view: OcdsTenderView, opts: OcdsOptions) {
  const { lot, project } = view;
  const base = opts.baseUrl.replace(/\/+$/, "");
  const ocid = `${opts.ocidPrefix}-${lot.id}`;
  const tenderUrl = `${base}/tenders/${lot.id}`;

  const buyer = { id: opts.buyer.id, name: opts.buyer.name };
  const procuringEntity = opts.agent ? { id: opts.agent.id, name: opts.agent.name } : buyer;
  const baseParties = [
    { ...buyer, roles: opts.agent ? ["buyer"] : ["buyer", "procuringEntity"] },
    ...(opts.agent ? [{ ...procuringEntity, roles: ["procuringEntity"] }] : []),
  ];
  const award = view.award ?? null;
  const contract = view.contract ?? null;
  // The winner becomes a party (supplier) from the result announcement on.
  const partiesAt = (date: Date) =>
    award && award.date <= date ? [...baseParties, { ...award.supplier, roles: ["supplier", "tenderer"] }] : baseParties;
  const awardsAt = (date: Date): OcdsAward[] =>
    award && award.date <= date
      ? [{ id: award.id, title: `${project.title}（${lot.title}）中标结果`, status: "active", date: iso(award.date), value: money(award.valueFen), suppliers: [award.supplier] }]
      : [];
  const contractsAt = (date: Date): OcdsContract[] =>
    award && contract && contract.recordedAt <= date
      ? [
          {
            id: contract.id,
            awardID: award.id,
            title: `${project.title}（${lot.title}）合同`,
            status: "active",
            value: money(contract.valueFen),
            dateSigned: iso(contract.dateSigned),
            period: { startDate: `${contract.startsOn}T00:00:00+08:00`, endDate: `${contract.endsOn}T23:59:59+08:00` },
            ...(contract.document
              ? {
                  documents: [
                    {
                      id: contract.document.id,
                      documentType: "contractSigned",
                      title: "合同文本",
                      description: `SHA-256 ${contract.document.sha256}`,
                      ...(contract.document.public ? { url: `${base}/documents/${contract.document.id}`, format: "application/pdf" } : {}),
                      datePublished: iso(contract.recordedAt),
                    },
                  ],
                }
              : {}),
          },
        ]
      : [];

  const notices = [...view.announcements].sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime());
  const noticeDocument = (a: OcdsTenderView["announcements"][number]): OcdsDocument => ({
    id: a.id,
    documentType: KIND[a.kind].documentType,
    title: a.title,
    // The PDF when the worker has rendered it, else the notice on the tender page.
    url: a.documentId ? `${base}/documents/${a.documentId}` : `${tenderUrl}#a-${a.id}`,
    format: a.documentId ? "application/pdf" : "text/html",
    datePublished: iso(a.publishedAt),
    language: "zh",
  });
  // Tender documents are issued to registered bidders only: no public url, the SHA-256 lets anyone check theirs.
  const biddingDocuments = view.documents.map((d): OcdsDocument => ({
    id: d.id,
    documentType: "biddingDocuments",
    title: d.name,
    description: `SHA-256 ${d.sha256}; ${d.size} bytes; issued to registered bidders through the portal`,
    datePublished: iso(d.createdAt),
  }));

  /** Lot fields that a change notice published after `date` moved: not known to be true on `date`. */
  const movedAfter = (date: Date) => {
    const s = new Set<string>();
    for (const a of notices) if (a.kind === "CHANGE" && a.publishedAt > date) for (const f of changedFields(a.changes)) s.add(f);
    return s;
  };

  const amendments: OcdsAmendment[] = [];

  /** The tender as of `date`, leaving out what a later change notice moved. */
  const tenderAt = (date: Date, status: string): OcdsTender => {
    const moved = movedAfter(date);
    const known = (f: Movable) => !moved.has(f);
    const withAmendments = amendments.filter((m) => m.date <= iso(date));
    const criteria = lot.criteria.map((c) => `${c.name} ${c.weight}%`).join("; ");
    return {
      id: lot.id,
      title: `${project.title}（${lot.title}）`,
      ...(known("description") && lot.description ? { description: lot.description } : {}),
      status,
      procuringEntity,
      ...(known("ceilingPriceFen") ? { value: money(lot.ceilingPriceFen) } : {}),
      procurementMethod: "open",
      procurementMethodDetails: project.procurementType === "CONSTRUCTION" ? "公开招标（招标投标法）" : "公开招标（政府采购法）",
      ...(project.procurementType === "CONSTRUCTION" ? { mainProcurementCategory: "works" } : {}),
      awardCriteria: lot.evaluationMethod === "LOWEST_PRICE" ? "priceOnly" : "ratedCriteria",
      awardCriteriaDetails: lot.evaluationMethod === "LOWEST_PRICE" ? "经评审的最低投标价法" : `综合评估法：${criteria}`,
      submissionMethod: ["electronicSubmission"],
      submissionMethodDetails: "在本平台在线递交加密投标文件，不见面开标",
      ...(known("qualification") && lot.qualification ? { eligibilityCriteria: lot.qualification } : {}),
      ...(known("bidDeadline")
        ? {
            tenderPeriod: { startDate: iso(lot.docsAvailableFrom), endDate: iso(lot.bidDeadline) },
            awardPeriod: { startDate: iso(lot.bidDeadline) },
          }
        : {}),
      ...(known("clarificationCutoff") ? { enquiryPeriod: { startDate: iso(lot.publishedAt), endDate: iso(lot.clarificationCutoff) } } : {}),
      hasEnquiries: notices.some((a) => a.kind === "CLARIFICATION" && a.publishedAt <= date),
      documents: [...biddingDocuments.filter((d) => d.datePublished <= iso(date)), ...notices.filter((a) => a.publishedAt <= date).map(noticeDocument)],
      ...(withAmendments.length ? { amendments: withAmendments } : {}),
    };
  };

  const releases: OcdsRelease[] = [];
  const release = (id: string, date: Date, tag: string, status: string): OcdsRelease => {
    const awards = awardsAt(date);
    const contracts = contractsAt(date);
    return {
      ocid,
      id,
      date: iso(date),
      tag: [tag],
      initiationType: "tender",
      language: "zh",
      parties: partiesAt(date),
      buyer,
      ...(movedAfter(date).has("estimatedPriceFen") ? {} : { planning: { budget: { description: "估算价/预算金额", amount: money(lot.estimatedPriceFen) } } }),
      tender: tenderAt(date, status),
      ...(awards.length ? { awards } : {}),
      ...(contracts.length ? { contracts } : {}),
    };
  };

  // Fixtures and imports may lack the 招标公告 row: the publication itself is then the first release.
  const steps = notices.length
    ? notices.map((a) => ({ id: a.id, date: a.publishedAt, kind: a.kind, body: a.body }))
    : [{ id: `${lot.id}-published`, date: lot.publishedAt, kind: "TENDER" as const, body: "" }];
  steps.forEach((s, i) => {
    if (s.kind === "CHANGE") {
      amendments.push({
        id: s.id,
        date: iso(s.date),
        rationale: s.body.split("\n")[0]!.slice(0, 500),
        description: s.body,
        ...(i > 0 ? { amendsReleaseID: steps[i - 1]!.id } : {}),
        releaseID: s.id,
      });
    }
    releases.push(release(s.id, s.date, KIND[s.kind].tag, KIND[s.kind].status));
  });

  // 工程 contracts have no public notice: their recording is a release of its own (tag "contract").
  if (award && contract && !steps.some((s) => s.kind === "CONTRACT")) {
    releases.push(release(`${lot.id}-contract`, contract.recordedAt, "contract", "complete"));
  }

  // A status no notice announced (cancelled, failed or completed without its notice yet) closes the list.
  const last = steps[steps.length - 1]!;
  const current = ocdsTenderStatus(lot.status);
  if (current !== KIND[last.kind].status) {
    const tag = current === "cancelled" ? "tenderCancellation" : "tenderUpdate";
    const date = opts.statusChangedAt && opts.statusChangedAt > last.date ? opts.statusChangedAt : last.date;
    releases.push(release(`${lot.id}-${current}`, date, tag, current));
  }

  return {
    uri: `${base}/api/v1/tenders/${lot.id}/ocds`,
    version: "1.1",
    publishedDate: releases[releases.length - 1]!.date,
    publisher: { name: opts.publisherName, uri: base },
    ...(opts.licenseUrl ? { license: opts.licenseUrl } : {}),
    ...(opts.publicationPolicyUrl ? { publicationPolicy: opts.publicationPolicyUrl } : {}),
    releases,
  };
}

export type OcdsReleasePackage = ReturnType<typeof buildOcdsReleasePackage>;
