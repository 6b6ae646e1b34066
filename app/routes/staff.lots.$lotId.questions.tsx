import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FieldErrors, FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { useLotData } from "~/components/tenders/use-lot-data";
import { useRootData } from "~/components/use-root-data";
import { answerQuestion } from "~/domain/tenders/answer-question";
import { listLotQuestions } from "~/domain/tenders/list-lot-questions";
import { requirePermission } from "~/lib/auth.server";
import { formatInstant } from "~/lib/time";
import { handleForm } from "~/lib/form-action.server";
import { orHttp } from "~/lib/http.server";

/** /staff/lots/:lotId/questions — bidders' questions, anonymised; each answer is published to all as a 澄清. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "question.answer");
  return { questions: await orHttp(listLotQuestions(actor, { lotId: params.lotId ?? "" }), { conceal: true }) };
}

const schema = z.object({
  questionId: z.uuid(),
  answer: z.string({ error: "tenders-ui:errors.answerRequired" }).trim().min(1, "tenders-ui:errors.answerRequired").max(10_000),
  affectsPreparation: z.boolean().optional().default(false),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "question.answer");
  return handleForm(request, schema, async (v) => {
    const r = await answerQuestion(actor, v);
    return redirect(`/staff/lots/${params.lotId}/questions?done=${r.deadlineMoved ? "moved" : "answered"}`);
  });
}

export default function QuestionsPage() {
  const { t } = useTranslation("tenders-ui");
  const { questions } = useLoaderData<typeof loader>();
  const d = useLotData();
  const locale = useRootData()?.locale ?? "zh-CN";
  const [params] = useSearchParams();
  const done = params.get("done");
  const open = questions.filter((q) => !q.answeredAt);
  return (
    <>
      {done ? (
        <div className="alert alert--success" role="status">
          {t(done === "moved" ? "questions.doneMoved" : "questions.done", { deadline: formatInstant(d.lot.bidDeadline, locale, "datetimeShort") })}
        </div>
      ) : null}
      <p className="alert alert--info">{t("questions.anonymous")}</p>
      <section className="panel">
        <h2>{t("questions.open", { count: open.length })}</h2>
        {open.length === 0 ? <p className="muted">{t("questions.noneOpen")}</p> : null}
        <div className="qa">
          {open.map((q) => (
            <AnswerForm key={q.id} q={q} />
          ))}
        </div>
      </section>
      <section className="panel">
        <h2>{t("questions.answered")}</h2>
        <div className="qa">
          {questions
            .filter((q) => q.answeredAt)
            .map((q) => (
              <article key={q.id} className="qa-item">
                <div className="qa-item__meta">
                  <strong>{t("questions.seq", { n: q.seq })}</strong>
                  {formatInstant(q.askedAt, locale, "datetimeShort")}
                </div>
                <p className="qa-item__q">{q.text}</p>
                <p className="qa-item__a">{q.answer}</p>
              </article>
            ))}
        </div>
      </section>
    </>
  );
}

function AnswerForm({ q }: { q: Awaited<ReturnType<typeof loader>>["questions"][number] }) {
  const { t } = useTranslation("tenders-ui");
  const locale = useRootData()?.locale ?? "zh-CN";
  const res = useActionData<typeof action>() as { result?: SubmissionResult<string[]> } | undefined;
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useForm({
    id: `answer-${q.id}`,
    lastResult: res?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onSubmit",
  });
  return (
    <article className="qa-item">
      <div className="qa-item__meta">
        <strong>{t("questions.seq", { n: q.seq })}</strong>
        {formatInstant(q.askedAt, locale, "datetimeShort")}
        <span className="badge badge--amber">{t("questions.unanswered")}</span>
      </div>
      <p className="qa-item__q">{q.text}</p>
      <FormAlert id={form.errorId} errors={form.errors} />
      <Form method="post" {...getFormProps(form)} className="form">
        <CsrfInput />
        <input type="hidden" name="questionId" value={q.id} />
        <div className="form-field">
          <label htmlFor={fields.answer.id}>{t("questions.answer")}</label>
          <textarea {...getTextareaProps(fields.answer)} key={fields.answer.key} rows={3} />
          <FieldErrors id={fields.answer.errorId} errors={fields.answer.errors} t={t} />
        </div>
        <div className="form-field">
          <label>
            <input {...getInputProps(fields.affectsPreparation, { type: "checkbox" })} key={fields.affectsPreparation.key} />{" "}
            {t("questions.affects")}
          </label>
        </div>
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {t("questions.publish")}
        </button>
      </Form>
    </article>
  );
}
