import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { useRootData } from "~/components/use-root-data";
import { answerClarification, answerSchema } from "~/domain/evaluation/answer-clarification";
import { listMyClarifications } from "~/domain/evaluation/list-my-clarifications";
import { requirePermission } from "~/lib/auth.server";
import { formatInstant } from "~/lib/time";
import { handleForm } from "~/lib/form-action.server";
import { pageTitle } from "~/lib/i18n";
import evaluationCss from "~/styles/evaluation.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: evaluationCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "evaluation:clar.title");

/** /bidder/clarifications — the bidder answers the committee's written clarification requests. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "bid.submit");
  return { rows: await listMyClarifications(actor) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "bid.submit");
  return handleForm(request, answerSchema, async (v) => {
    await answerClarification(actor, v);
    return { ok: true };
  });
}

export default function BidderClarifications() {
  const { rows } = useLoaderData<typeof loader>();
  const res = useActionData<typeof action>() as { result?: SubmissionResult<string[]> } | undefined;
  const { t } = useTranslation("evaluation");
  const locale = useRootData()?.locale ?? "zh-CN";
  const busy = useNavigation().state !== "idle";
  const errors = res?.result?.error ? Object.values(res.result.error).flatMap((e) => e ?? []) : undefined;
  return (
    <div className="page">
      <h1>{t("clar.title")}</h1>
      <p className="lead">{t("clar.lead")}</p>
      <FormAlert errors={errors} />
      {rows.length === 0 ? <p className="muted">{t("clar.empty")}</p> : null}
      {rows.map((r) => (
        <section key={r.id} className="panel">
          <h2>{r.lot}</h2>
          <p>{r.question}</p>
          <p className="muted">{formatInstant(r.dueAt, locale, "datetimeShort")}</p>
          {r.answer ? (
            <p>
              {t("clar.answered")}：{r.answer}
            </p>
          ) : r.open ? (
            <Form method="post" className="form">
              <CsrfInput />
              <input type="hidden" name="clarificationId" value={r.id} />
              <label htmlFor={`a-${r.id}`}>{t("clar.answer")}</label>
              <textarea id={`a-${r.id}`} name="answer" rows={4} required minLength={2} maxLength={5000} />
              <button className="btn btn--primary" disabled={busy}>
                {t("clar.submit")}
              </button>
            </Form>
          ) : (
            <p className="muted">{t("clar.closed")}</p>
          )}
        </section>
      ))}
    </div>
  );
}
