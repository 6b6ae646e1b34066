import type { LoaderFunctionArgs } from "@remix-run/node";
import { findEvaluationReport } from "~/domain/evaluation/find-evaluation-report";
import { actorFromRequest, requireUser } from "~/lib/auth.server";
import { storedDocumentResponse } from "~/lib/document-response.server";
import { orHttp, uuidParam } from "~/lib/http.server";

/** GET /evaluation/:lotId/report.pdf — the 评标报告 for the lot's committee members and supervisors. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const lotId = uuidParam(params.lotId);
  return storedDocumentResponse(await orHttp(findEvaluationReport(actorFromRequest(request, user), { lotId })), "inline");
}
