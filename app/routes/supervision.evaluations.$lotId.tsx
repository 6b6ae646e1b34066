import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EvaluationProgressView } from "~/components/evaluation/progress-view";
import { getEvaluationProgress } from "~/domain/evaluation/get-evaluation-progress";
import { requirePermission } from "~/lib/auth.server";
import { orHttp, uuidParam } from "~/lib/http.server";
import { pageTitle } from "~/lib/i18n";
import evaluationCss from "~/styles/evaluation.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: evaluationCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "evaluation:progress.title");

/** /supervision/evaluations/:lotId — the supervisor watches the evaluation live: who signed in, progress, flags, names. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "draw.names.read");
  return orHttp(getEvaluationProgress(actor, { lotId: uuidParam(params.lotId) }), { conceal: true });
}

export default function SupervisorEvaluation() {
  const p = useLoaderData<typeof loader>();
  const { t } = useTranslation("evaluation");
  return (
    <div className="page">
      <h1>{t("progress.title")}</h1>
      <p>
        <strong>{p.lotLabel}</strong>
      </p>
      <EvaluationProgressView p={p} />
    </div>
  );
}
