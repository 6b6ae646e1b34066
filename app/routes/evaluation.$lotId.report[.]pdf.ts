import type { LoaderFunctionArgs } from "@remix-run/node";
import { isDomainError } from "~/domain/errors";
import { findEvaluationReport } from "~/domain/evaluation/find-evaluation-report";
import { actorFromRequest, requireUser } from "~/lib/auth.server";
import { storedDocumentResponse } from "~/lib/document-response.server";
import { notFound } from "~/lib/http.server";

/** GET /evaluation/:lotId/report.pdf — the 评标报告 for the lot's committee members and supervisors. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!/^[0-9a-f-]{36}$/i.test(params.lotId ?? "")) throw notFound();
  try {
    return storedDocumentResponse(await findEvaluationReport(actorFromRequest(request, user), { lotId: params.lotId! }), "inline");
  } catch (e) {
    if (isDomainError(e) && e.status === 404) throw notFound();
    throw e;
  }
}
