import { statusesIn } from "~/domain/tenders/lot-phases";
import { errorResponses, jsonResponse, registerPath, registerSchema, registerTag, schemaRef } from "~/lib/openapi";

// Public open-data API of the portal (issue 3 item 8). No authentication; CORS open; cached a minute.
registerTag("tenders", "Published tenders (lots): list, detail, OCDS 1.1 release packages, Atom feed of notices");

const LOT_STATUSES = [...statusesIn("public")];
const KINDS = ["TENDER", "CHANGE", "CLARIFICATION", "CANDIDATES", "RESULT", "FAILED"];
const TYPES = ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"];
const instant = { type: "string", format: "date-time", description: "UTC, ISO 8601" };
const fen = (description: string) => ({ type: "integer", minimum: 0, maximum: 1e15, description: `${description}, integer fen (分)` });
const uuid = { type: "string", format: "uuid" };
const links = {
  type: "object",
  required: ["html", "self", "ocds"],
  properties: { html: { type: "string", format: "uri" }, self: { type: "string", format: "uri" }, ocds: { type: "string", format: "uri" } },
};

registerSchema("TenderListItem", {
  type: "object",
  required: ["id", "ocid", "projectCode", "projectTitle", "lotNo", "title", "procurementType", "region", "status", "publishedAt", "bidDeadline", "ceilingPriceFen", "links"],
  properties: {
    id: { ...uuid, description: "Lot id" },
    ocid: { type: "string", description: "Open Contracting ID: <OCDS_PREFIX>-<lot id>", examples: ["ocds-ggzy01-3f9a2c7e-1b4d-4e8f-9a6b-2c1d0e9f8a7b"] },
    projectCode: { type: "string", examples: ["GC-2026-0001"] },
    projectTitle: { type: "string", examples: ["某市政道路改造工程"] },
    lotNo: { type: "integer", minimum: 1 },
    title: { type: "string", description: "Lot title" },
    procurementType: { enum: TYPES },
    region: { type: "string", description: "行政区划代码 (GB/T 2260)" },
    status: { enum: LOT_STATUSES },
    publishedAt: instant,
    bidDeadline: { ...instant, description: "投标截止 = 开标 (UTC)" },
    ceilingPriceFen: fen("最高投标限价"),
    links,
  },
});

registerSchema("TenderList", {
  type: "object",
  required: ["items", "page", "pageSize", "hasMore", "links"],
  properties: {
    items: { type: "array", items: schemaRef("TenderListItem") },
    page: { type: "integer", minimum: 1 },
    pageSize: { type: "integer", minimum: 1, maximum: 100 },
    hasMore: { type: "boolean", description: "Another page follows (no total count: counting costs more than the page)" },
    links: {
      type: "object",
      properties: { self: { type: "string" }, next: { type: ["string", "null"] }, prev: { type: ["string", "null"] } },
    },
  },
});

const announcement = {
  type: "object",
  required: ["id", "kind", "title", "body", "publishedAt", "changes", "pdfUrl"],
  properties: {
    id: uuid,
    kind: { enum: KINDS },
    title: { type: "string" },
    body: { type: "string", description: "Plain text (never HTML)" },
    publishedAt: instant,
    changes: {
      type: "array",
      description: "CHANGE notices: the key terms moved, as displayed text",
      items: { type: "object", properties: { field: { type: "string" }, before: { type: "string" }, after: { type: "string" } } },
    },
    pdfUrl: { type: ["string", "null"], format: "uri", description: "The notice's PDF once rendered" },
  },
};

registerSchema("TenderDetail", {
  type: "object",
  description: "Everything public about a published lot. Never who registered, how many did, or who asked.",
  required: ["id", "ocid", "serverNow", "project", "lot", "docsOpen", "timeline", "documents", "announcements", "links"],
  properties: {
    id: uuid,
    ocid: { type: "string" },
    serverNow: { ...instant, description: "Server clock at the time of the response: the portal's only clock" },
    project: {
      type: "object",
      properties: {
        code: { type: "string" },
        title: { type: "string" },
        procurementType: { enum: TYPES },
        region: { type: "string" },
        buyerName: { type: ["string", "null"] },
        agentName: { type: ["string", "null"] },
      },
    },
    lot: {
      type: "object",
      properties: {
        lotNo: { type: "integer" },
        title: { type: "string" },
        description: { type: "string" },
        status: { enum: LOT_STATUSES },
        version: { type: "integer", description: "Bumped by every change notice" },
        estimatedPriceFen: fen("估算价/预算金额"),
        ceilingPriceFen: fen("最高投标限价"),
        bondFen: fen("投标保证金"),
        qualification: { type: "string" },
        evaluationMethod: { enum: ["LOWEST_PRICE", "COMPREHENSIVE"] },
        criteria: { type: "array", items: { type: "object", properties: { name: { type: "string" }, weight: { type: "integer" } } } },
        publishedAt: instant,
        docsAvailableFrom: instant,
        docsAvailableTo: instant,
        clarificationCutoff: instant,
        objectionCutoff: instant,
        bidDeadline: instant,
        decryptionWindowMinutes: { type: "integer" },
      },
    },
    docsOpen: { type: "boolean", description: "Tender documents can be obtained right now (server clock)" },
    timeline: {
      type: "array",
      items: {
        type: "object",
        properties: { key: { enum: ["published", "docsFrom", "docsTo", "clarification", "objection", "deadline"] }, at: instant, passed: { type: "boolean" } },
      },
    },
    documents: {
      type: "array",
      description: "Tender documents: downloadable by registered bidders; anyone can check a copy against the SHA-256",
      items: {
        type: "object",
        properties: { id: uuid, name: { type: "string" }, size: { type: "integer" }, sha256: { type: "string", pattern: "^[0-9a-f]{64}$" }, createdAt: instant },
      },
    },
    announcements: { type: "array", items: announcement },
    links,
  },
});

registerSchema("OcdsReleasePackage", {
  type: "object",
  description:
    "An OCDS 1.1 release package (structure per https://standard.open-contracting.org/1.1/en/schema/; our tests validate it against our own schema in test/ocds-schema). " +
    "One release per public notice (tender → [\"tender\"], change → [\"tenderAmendment\"], clarification → [\"tenderUpdate\"], result → [\"award\"]); " +
    "values a later change moved are left out of earlier releases. Amounts in yuan (fen / 100, exact), currency CNY.",
  required: ["uri", "version", "publishedDate", "publisher", "releases"],
  properties: {
    uri: { type: "string", format: "uri" },
    version: { const: "1.1" },
    publishedDate: instant,
    publisher: { type: "object", properties: { name: { type: "string" }, uri: { type: "string" } } },
    license: { type: "string", format: "uri" },
    publicationPolicy: { type: "string", format: "uri" },
    releases: { type: "array", minItems: 1, items: { type: "object", description: "An OCDS 1.1 release" } },
  },
  externalDocs: { url: "https://standard.open-contracting.org/1.1/en/schema/release_package/" },
});

const idParam = { name: "id", in: "path", required: true, description: "Lot id (uuid)", schema: uuid };
const listParams = [
  { name: "q", in: "query", description: "Chinese or Latin keywords, space separated; every one must occur in project title, lot title or project number", schema: { type: "string", maxLength: 100 }, examples: { road: { value: "市政道路" } } },
  { name: "type", in: "query", schema: { enum: TYPES } },
  { name: "status", in: "query", schema: { enum: LOT_STATUSES } },
  { name: "region", in: "query", description: "Region code or prefix (2–6 digits)", schema: { type: "string", pattern: "^\\d{2,6}$" } },
  { name: "from", in: "query", description: "Published on or after this Shanghai calendar day", schema: { type: "string", format: "date" } },
  { name: "to", in: "query", description: "Published on or before this Shanghai calendar day (inclusive)", schema: { type: "string", format: "date" } },
  { name: "page", in: "query", schema: { type: "integer", minimum: 1, maximum: 1000, default: 1 } },
  { name: "pageSize", in: "query", schema: { type: "integer", minimum: 1, maximum: 100, default: 20 } },
];

registerPath("/api/v1/tenders", "get", {
  tags: ["tenders"],
  operationId: "listTenders",
  summary: "Published tenders (lots), newest first, filtered and searched",
  parameters: listParams,
  responses: { 200: jsonResponse("A page of tenders", schemaRef("TenderList")), ...errorResponses(422) },
});

registerPath("/api/v1/tenders/{id}", "get", {
  tags: ["tenders"],
  operationId: "getTender",
  summary: "One published tender (lot)",
  parameters: [idParam],
  responses: { 200: jsonResponse("The tender", schemaRef("TenderDetail")), ...errorResponses(404) },
});

registerPath("/api/v1/tenders/{id}/ocds", "get", {
  tags: ["tenders"],
  operationId: "getTenderOcds",
  summary: "One published tender as an OCDS 1.1 release package",
  description: "ocid = <OCDS_PREFIX>-<lot id>. Drafts and unknown ids are 404.",
  parameters: [idParam],
  responses: { 200: jsonResponse("OCDS 1.1 release package", schemaRef("OcdsReleasePackage")), ...errorResponses(404) },
});

registerPath("/feed.atom", "get", {
  tags: ["tenders"],
  operationId: "getAnnouncementsFeed",
  summary: "Atom 1.0 feed of the newest 50 public notices",
  description: "Entry ids are urn:uuid:<notice id>; each entry links to the tender page and, once rendered, encloses the notice's PDF.",
  parameters: [
    { name: "kind", in: "query", schema: { enum: KINDS } },
    { name: "type", in: "query", schema: { enum: TYPES } },
  ],
  responses: {
    200: { description: "Atom feed (RFC 4287)", content: { "application/atom+xml": { schema: { type: "string" } } } },
    ...errorResponses(422),
  },
});
