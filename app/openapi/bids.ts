import { bondSchema, finaliseBidSchema, selfTestSchema } from "~/domain/bids/schemas";
import { errorResponses, jsonResponse, jsonSchema, registerPath, registerSchema, registerTag, schemaRef } from "~/lib/openapi";

// Sealed bid submission (issue 4): resumable upload (tus 1.0), finalise, read, withdraw, self-test.
registerTag("bids", "Sealed bids: upload a sealed envelope (docs/sealed-bid-format.md), finalise it into a bid with a receipt, withdraw it");

// Authentication (every operation below): `Authorization: Bearer <personal API token>` (created at /bidder/tokens),
// or the browser session cookie plus the X-CSRF-Token header for writes. (No securitySchemes in the shared document yet.)
const idParam = [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }];
const tusHeader = { name: "Tus-Resumable", in: "header", required: true, schema: { const: "1.0.0" } };

registerSchema("Bond", jsonSchema(bondSchema, "input"));
registerSchema("FinaliseBid", jsonSchema(finaliseBidSchema, "input"));
registerSchema("Receipt", {
  type: "object",
  required: ["receiptId", "receiptNumber", "kind", "bidId", "bidStatus", "lotId", "issuedAt", "ciphertextSha256", "plaintextSha256", "size", "keyFingerprint"],
  properties: {
    receiptId: { type: "string", format: "uuid" },
    receiptNumber: { type: "string", examples: ["HZ-20261123-0001"] },
    kind: { enum: ["SUBMITTED", "WITHDRAWN"] },
    bidId: { type: "string", format: "uuid" },
    bidStatus: { enum: ["ACTIVE", "REPLACED", "WITHDRAWN"] },
    lotId: { type: "string", format: "uuid" },
    bidderOrgId: { type: "string", format: "uuid" },
    issuedAt: { type: "string", format: "date-time", description: "Database clock of the recording transaction, UTC, milliseconds" },
    ciphertextSha256: { type: "string", pattern: "^[0-9a-f]{64}$", description: "Recomputed by the server from the stored bytes" },
    plaintextSha256: { type: "string", pattern: "^[0-9a-f]{64}$", description: "As declared by the sealer; checked at the opening" },
    size: { type: "string", description: "Bytes (decimal string)" },
    keyFingerprint: { type: "string", pattern: "^[0-9a-f]{64}$" },
    documentId: { type: ["string", "null"], description: "The receipt PDF (/documents/{id}) once the worker rendered it" },
    replacedBidId: { type: ["string", "null"], description: "POST only: the earlier bid this one replaced" },
  },
});

registerPath("/api/v1/uploads", "post", {
  tags: ["bids"],
  operationId: "createUpload",
  summary: "Start a resumable upload of a sealed envelope (tus 1.0 creation)",
  description:
    "tus 1.0.0 protocol (https://tus.io/protocols/resumable-upload): send Upload-Length (at most BID_UPLOAD_MAX_BYTES, default 2 GiB) " +
    "and optional Upload-Metadata; the 201 Location is the upload URL for HEAD/PATCH. Authenticate with `Authorization: Bearer <personal API token>`, " +
    "or with the session cookie plus the X-CSRF-Token header.",
  parameters: [tusHeader, { name: "Upload-Length", in: "header", required: true, schema: { type: "integer", minimum: 1 } }],
  responses: { 201: { description: "Created; Location header is the upload URL" }, ...errorResponses(401, 403, 413) },
});
registerPath("/api/v1/uploads/{id}", "patch", {
  tags: ["bids"],
  operationId: "appendUpload",
  summary: "Append bytes at Upload-Offset (tus 1.0); resume after HEAD",
  parameters: [...idParam, tusHeader, { name: "Upload-Offset", in: "header", required: true, schema: { type: "integer", minimum: 0 } }],
  requestBody: { required: true, content: { "application/offset+octet-stream": { schema: { type: "string", format: "binary" } } } },
  responses: { 204: { description: "Stored; Upload-Offset header gives the new offset" }, ...errorResponses(401, 404, 409, 413) },
});

registerPath("/api/v1/bids", "post", {
  tags: ["bids"],
  operationId: "finaliseBid",
  summary: "Finalise a finished upload into your bid for a lot, with its receipt",
  description:
    "Refused at or after the lot's bid deadline (database clock), for a lot not PUBLISHED, an organisation not registered for the lot, " +
    "an envelope of another version or lot or sealed to a key that is not the organisation's, a ciphertext hash that differs from the " +
    "bytes received, a bond below the lot's bond amount, or an upload already finalised. A new bid replaces the organisation's earlier active bid.",
  requestBody: { required: true, content: { "application/json": { schema: schemaRef("FinaliseBid") } } },
  responses: { 201: jsonResponse("The receipt", schemaRef("Receipt")), ...errorResponses(400, 401, 403, 404, 409, 422, 423) },
});
registerPath("/api/v1/bids/{id}", "get", {
  tags: ["bids"],
  operationId: "getBid",
  summary: "One of your organisation's bids, with bond and receipts (404 for anyone else's)",
  parameters: idParam,
  responses: { 200: jsonResponse("The bid", { type: "object" }), ...errorResponses(401, 404) },
});
registerPath("/api/v1/bids/{id}", "delete", {
  tags: ["bids"],
  operationId: "withdrawBid",
  summary: "Withdraw your active bid before the deadline (receipted)",
  parameters: idParam,
  responses: { 200: jsonResponse("The withdrawal receipt", schemaRef("Receipt")), ...errorResponses(401, 404, 409) },
});
registerPath("/api/v1/bids/{id}/envelope", "get", {
  tags: ["bids"],
  operationId: "getBidEnvelope",
  summary: "Download your own stored ciphertext (for the in-browser decryption self-test)",
  parameters: idParam,
  responses: { 200: { description: "The envelope", content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } } }, ...errorResponses(401, 404) },
});
registerPath("/api/v1/bids/{id}/selftest", "post", {
  tags: ["bids"],
  operationId: "recordBidSelfTest",
  summary: "Record the outcome of a local decryption self-test (no key material is sent)",
  parameters: idParam,
  requestBody: { required: true, content: { "application/json": { schema: jsonSchema(selfTestSchema, "input") } } },
  responses: { 200: jsonResponse("Recorded", { type: "object" }), ...errorResponses(400, 401, 404) },
});
