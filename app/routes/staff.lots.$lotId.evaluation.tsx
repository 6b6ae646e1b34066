import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { EvaluationProgressView } from "~/components/evaluation/progress-view";
import { getEvaluationProgress } from "~/domain/evaluation/get-evaluation-progress";
import { startEvaluation } from "~/domain/evaluation/start-evaluation";
import { requirePermission } from "~/lib/auth.server";
import { handleForm } from "~/lib/form-action.server";
import { orNotFound, uuidParam } from "~/lib/http.server";
import { pageTitle } from "~/lib/i18n";
import evaluationCss from "~/styles/evaluation.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: evaluationCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "evaluation:progress.title");

/** /staff/lots/:lotId/evaluation — start the evaluation; progress per seat and signatures, live (no names). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "tender.create");
  return orNotFound(getEvaluationProgress(actor, { lotId: uuidParam(params.lotId) }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "tender.create");
  const lotId = uuidParam(params.lotId);
  return handleForm(request, z.object({ intent: z.literal("start") }), async () => {
    await startEvaluation(actor, { lotId });
    return redirect(`/staff/lots/${lotId}/evaluation`);
  });
}

export default function StaffEvaluation() {
  const p = useLoaderData<typeof loader>();
  const res = useActionData<typeof action>() as { result?: SubmissionResult<string[]> } | undefined;
  const { t } = useTranslation("evaluation");
  const busy = useNavigation().state !== "idle";
  const errors = res?.result?.error ? Object.values(res.result.error).flatMap((e) => e ?? []) : undefined;
  return (
    <section aria-labelledby="eval-h">
      <h2 id="eval-h">{t("progress.title")}</h2>
      <FormAlert errors={errors} />
      {!p.session && p.lotStatus === "EVALUATION" ? (
        <Form method="post">
          <CsrfInput />
          <button className="btn btn--primary" name="intent" value="start" disabled={busy}>
            {t("progress.start")}
          </button>
        </Form>
      ) : null}
      <EvaluationProgressView p={p} />
    </section>
  );
}
