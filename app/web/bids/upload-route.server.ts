import { assertCan } from "~/domain/accounts/permissions";
import { DomainError, isDomainError } from "~/domain/errors";
import { domainErrorResponse } from "~/lib/http.server";
import { getT } from "~/lib/i18n.server";
import { authenticateApi } from "./api-auth.server";
import { handleTusRequest, maxUploadBytes, OPEN_UPLOADS_PER_ORG, openUploadBytesPerOrg, openUploadsOf, UPLOAD_ID_RE } from "~/domain/bids/upload-server.server";

/**
 * Route glue for the tus endpoints: authenticate, check bid.submit, hand the request to @tus/server, and
 * give refusals the app's localized JSON error shape (tus's own 413 "Maximum size exceeded" included).
 */
export async function handleUpload(request: Request, uploadId: string | null): Promise<Response> {
  const { t } = await getT(request, ["bids", "common"], null);
  try {
    if (uploadId !== null && !UPLOAD_ID_RE.test(uploadId)) throw new DomainError("bids:errors.uploadNotFound", {}, 404);
    const who = await authenticateApi(request);
    assertCan(who, "bid.submit");
    // Refuse an oversized upload before any byte is stored (tus would too, in English only).
    const length = request.headers.get("upload-length");
    // A length tus would refuse in plain English text (-1, 1e9, abc): the app's own JSON error instead.
    if (request.method === "POST" && length !== null && !/^\d{1,16}$/.test(length)) throw new DomainError("common:errors.badRequest", {}, 400);
    const declared = Number(length ?? "0");
    if (request.method === "POST" && declared > maxUploadBytes()) throw tooLarge();
    if (request.method === "POST") {
      const open = await openUploadsOf(who.orgId);
      if (open.count >= OPEN_UPLOADS_PER_ORG || open.bytes + declared > openUploadBytesPerOrg()) {
        throw new DomainError("bids:errors.uploadQuota", { maxMb: Math.floor(openUploadBytesPerOrg() / 1024 ** 2) }, 429);
      }
    }
    const res = await handleTusRequest(request, who, uploadId);
    if (res.status === 413) {
      const body = domainErrorResponse(tooLarge(), t);
      res.headers.forEach((v, k) => {
        if (k.startsWith("tus-") || k === "upload-offset") body.headers.set(k, v);
      });
      return body;
    }
    return res;
  } catch (e) {
    // Not orHttp: a tus client needs Tus-Resumable on every answer, refusals included.
    if (!isDomainError(e)) throw e;
    const res = domainErrorResponse(e, t);
    res.headers.set("Tus-Resumable", "1.0.0");
    return res;
  }
}

const tooLarge = () => new DomainError("bids:errors.uploadTooLarge", { maxMb: Math.floor(maxUploadBytes() / 1024 ** 2) }, 413);
