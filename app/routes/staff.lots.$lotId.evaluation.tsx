import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { EvaluationProgressView } from "~/components/evaluation/progress-view";
import { RepresentativesSection } from "~/components/evaluation/representatives-section";
import { getBuyerRepresentatives } from "~/domain/evaluation/get-buyer-representatives";
import { getEvaluationProgress } from "~/domain/evaluation/get-evaluation-progress";
import { nameBuyerRepresentative } from "~/domain/evaluation/name-buyer-representative";
import { removeBuyerRepresentative } from "~/domain/evaluation/remove-buyer-representative";
import { startEvaluation } from "~/domain/evaluation/start-evaluation";
import { requirePermission } from "~/lib/auth.server";
import { handleForm } from "~/lib/form-action.server";
import { orHttp, uuidParam } from "~/lib/http.server";
import { pageTitle } from "~/lib/i18n";
import evaluationCss from "~/styles/evaluation.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: evaluationCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "evaluation:progress.title");

/**
 * /staff/lots/:lotId/evaluation — start the evaluation; progress per seat and signatures, live (no names); the
 * buyer's representatives (named by the buyer's staff before the start).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "tender.create");
  const lotId = uuidParam(params.lotId);
  const [progress, reps] = await Promise.all([orHttp(getEvaluationProgress(actor, { lotId }), { conceal: true }), orHttp(getBuyerRepresentatives(actor, { lotId }), { conceal: true })]);
  return { ...progress, reps };
}

const userId = z.uuid({ error: "evaluation:errors.repChoose" });
const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("start") }),
  z.object({ intent: z.literal("nameRep"), userId }),
  z.object({ intent: z.literal("removeRep"), userId }),
]);

/** Staff start the evaluation; the buyer's staff name (or remove) their representatives before it starts. */
export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "tender.create");
  const lotId = uuidParam(params.lotId);
  return handleForm(request, schema, async (v) => {
    if (v.intent === "start") await startEvaluation(actor, { lotId });
    if (v.intent === "nameRep") await nameBuyerRepresentative(actor, { lotId, userId: v.userId });
    if (v.intent === "removeRep") await removeBuyerRepresentative(actor, { lotId, userId: v.userId });
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
      {/* Before the start the representatives are the next thing to do; after it, a record beside the progress. */}
      {p.session ? null : <RepresentativesSection r={p.reps} />}
      <EvaluationProgressView p={p} />
      {p.session ? <RepresentativesSection r={p.reps} /> : null}
    </section>
  );
}
