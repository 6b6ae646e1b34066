import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FieldErrors, FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { ConfirmButton } from "~/components/tenders/confirm-button";
import { Countdown } from "~/components/tenders/countdown";
import { useServerTime } from "~/components/server-clock";
import { useRootData } from "~/components/use-root-data";
import { can } from "~/domain/accounts/permissions";
import { answerObjection } from "~/domain/tenders/answer-objection";
import { listLotObjections } from "~/domain/tenders/list-lot-objections";
import { requirePermission } from "~/lib/auth.server";
import { formatInstant } from "~/lib/time";
import { handleForm } from "~/lib/form-action.server";
import { orHttp } from "~/lib/http.server";

/**
 * /staff/lots/:lotId/objections — 异议/质疑 with their statutory clock; answering the last open one resumes
 * the suspended lot. Supervisors see the page and the clocks, without the answer form.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "tender.read_internal");
  return { objections: await orHttp(listLotObjections(actor, { lotId: params.lotId ?? "" }), { conceal: true }), canAnswer: can(actor.role, "objection.answer") };
}

const schema = z.object({
  objectionId: z.uuid(),
  answer: z.string({ error: "tenders-ui:errors.answerRequired" }).trim().min(1, "tenders-ui:errors.answerRequired").max(10_000),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "objection.answer");
  return handleForm(request, schema, async (v) => {
    const r = await answerObjection(actor, v);
    return redirect(`/staff/lots/${params.lotId}/objections?done=${r.resumed ? "resumed" : "answered"}`);
  });
}

export default function ObjectionsPage() {
  const { t } = useTranslation("tenders-ui");
  const { objections, canAnswer } = useLoaderData<typeof loader>();
  const locale = useRootData()?.locale ?? "zh-CN";
  const [params] = useSearchParams();
  const done = params.get("done");
  const { now } = useServerTime();
  return (
    <>
      {done ? (
        <div className="alert alert--success" role="status">
          {t(done === "resumed" ? "objections.doneResumed" : "objections.done")}
        </div>
      ) : null}
      <p className="alert alert--info">{t("objections.lead")}</p>
      {objections.length === 0 ? <p className="panel muted">{t("objections.none")}</p> : null}
      <div className="qa">
        {objections.map((o) => {
          const over = !o.answeredAt && new Date(o.answerDueAt).getTime() <= now;
          return (
            <article key={o.id} className="qa-item">
              <div className="qa-item__meta">
                <strong>{o.orgName}</strong>
                {t("objections.raisedAt", { at: formatInstant(o.raisedAt, locale, "datetimeShort") })}
                {o.answeredAt ? (
                  <span className="badge badge--green">{t("objections.answeredAt", { at: formatInstant(o.answeredAt, locale, "datetimeShort") })}</span>
                ) : (
                  <span className={`clock-box ${over ? "clock-box--over" : ""}`}>
                    <span>{t("objections.due", { at: formatInstant(o.answerDueAt, locale, "datetimeShort") })}</span>
                    <Countdown to={o.answerDueAt} passedKey="objections.overdue" />
                  </span>
                )}
              </div>
              <p className="qa-item__q">{o.text}</p>
              {o.answer ? <p className="qa-item__a">{o.answer}</p> : canAnswer ? <ObjectionAnswer id={o.id} /> : null}
            </article>
          );
        })}
      </div>
    </>
  );
}

function ObjectionAnswer({ id }: { id: string }) {
  const { t } = useTranslation("tenders-ui");
  const res = useActionData<typeof action>() as { result?: SubmissionResult<string[]> } | undefined;
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useForm({
    id: `objection-${id}`,
    lastResult: res?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onSubmit",
  });
  return (
    <>
      <FormAlert id={form.errorId} errors={form.errors} />
      <Form method="post" {...getFormProps(form)} className="form">
        <CsrfInput />
        <input type="hidden" name="objectionId" value={id} />
        <div className="form-field">
          <label htmlFor={fields.answer.id}>{t("objections.answer")}</label>
          <textarea {...getTextareaProps(fields.answer)} key={fields.answer.key} rows={3} />
          <FieldErrors id={fields.answer.errorId} errors={fields.answer.errors} t={t} />
        </div>
        <ConfirmButton form={form.id} value="answer" label={t("objections.send")} title={t("objections.confirmTitle")} disabled={busy}>
          <p>{t("objections.confirmBody")}</p>
        </ConfirmButton>
      </Form>
    </>
  );
}
