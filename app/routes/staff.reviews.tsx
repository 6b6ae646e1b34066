import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FieldErrors, FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { ConfirmButton } from "~/components/tenders/confirm-button";
import { RuleViolations, type ViolationView } from "~/components/tenders/rule-violations";
import { withViolations } from "~/components/tenders/violations.server";
import { useRootData } from "~/components/use-root-data";
import { approvePublication } from "~/domain/tenders/approve-publication";
import { listReviewQueue } from "~/domain/tenders/list-review-queue";
import { rejectPublication } from "~/domain/tenders/reject-publication";
import { requirePermission } from "~/lib/auth.server";
import { formatFen } from "~/lib/money";
import { formatInstant } from "~/lib/time";
import { handleForm } from "~/lib/form-action.server";
import { pageTitle } from "~/lib/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "tenders-ui:review.title");

/** /staff/reviews — 一审一核: approve (which publishes) or send back with a reason; one's own lots cannot be approved. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "tender.review");
  return { items: await listReviewQueue(actor) };
}

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), lotId: z.uuid() }),
  z.object({
    intent: z.literal("reject"),
    lotId: z.uuid(),
    reason: z
      .string({ error: "tenders-ui:errors.reasonRequired" })
      .trim()
      .min(1, "tenders-ui:errors.reasonRequired")
      .max(2000, "tenders-ui:errors.tooLong?max=2000"),
  }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "tender.review");
  return handleForm(request, schema, (v) =>
    withViolations(async () => {
      if (v.intent === "approve") {
        await approvePublication(actor, { lotId: v.lotId });
        return redirect(`/staff/lots/${v.lotId}?done=published`);
      }
      await rejectPublication(actor, { lotId: v.lotId, reason: v.reason });
      return redirect(`/staff/reviews?done=rejected`);
    }),
  );
}

type ActionData = { result?: SubmissionResult<string[]>; violations?: ViolationView[] } | undefined;

export default function ReviewsPage() {
  const { t } = useTranslation("tenders-ui");
  const { items } = useLoaderData<typeof loader>();
  const res = useActionData<typeof action>() as ActionData;
  const [params] = useSearchParams();
  return (
    <>
      <h1>{t("review.title")}</h1>
      <p className="lead">{t("review.lead")}</p>
      {params.get("done") === "rejected" ? (
        <div className="alert alert--success" role="status">
          {t("review.rejectedDone")}
        </div>
      ) : null}
      <RuleViolations violations={res?.violations} />
      {/* Refusals of the approve form (no fields of its own), e.g. the lot changed meanwhile. */}
      <FormAlert errors={res?.result?.error?.[""] ?? undefined} />
      {items.length === 0 ? <p className="panel muted">{t("review.empty")}</p> : null}
      {items.map((l) => (
        <ReviewCard key={l.id} l={l} lastResult={res?.result} />
      ))}
    </>
  );
}

function ReviewCard({ l, lastResult }: { l: Awaited<ReturnType<typeof loader>>["items"][number]; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation("tenders-ui");
  const { t: tt } = useTranslation("tenders");
  const locale = useRootData()?.locale ?? "zh-CN";
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useForm({
    id: `reject-${l.id}`,
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onSubmit",
  });
  return (
    <article className="panel review-card" aria-labelledby={`rv-${l.id}`}>
      <h2 id={`rv-${l.id}`}>
        <Link to={`/staff/lots/${l.id}`}>
          {l.project.title}（{l.title}）
        </Link>
      </h2>
      <dl className="facts">
        <dt>{tt("fields.code")}</dt>
        <dd className="mono">{l.project.code}</dd>
        <dt>{tt("fields.procurementType")}</dt>
        <dd>{tt(`procurementTypes.${l.project.procurementType}`)}</dd>
        <dt>{t("review.author")}</dt>
        <dd>
          {l.authorName} {l.ownWork ? <span className="badge badge--amber">{t("review.yours")}</span> : null}
        </dd>
        <dt>{t("review.submittedAt")}</dt>
        <dd>{l.submittedAt ? formatInstant(l.submittedAt, locale, "datetimeShort") : "—"}</dd>
        <dt>{tt("fields.ceilingPriceFen")}</dt>
        <dd className="mono">{formatFen(l.ceilingPriceFen)}</dd>
        <dt>{tt("fields.bondFen")}</dt>
        <dd className="mono">{formatFen(l.bondFen)}</dd>
        <dt>{tt("fields.bidDeadline")}</dt>
        <dd>{formatInstant(l.bidDeadline, locale, "datetimeShort")}</dd>
        <dt>{tt("fields.documents")}</dt>
        <dd>
          {t("review.documents", { count: l.documents })} · <Link to={`/staff/lots/${l.id}`}>{t("review.fullTerms")}</Link>
        </dd>
      </dl>
      {l.ownWork ? (
        <p className="alert alert--warning" role="note">
          {t("review.selfImpossible")}
        </p>
      ) : (
        <div className="row-actions review-card__actions">
          <Form method="post" id={`approve-${l.id}`}>
            <CsrfInput />
            <input type="hidden" name="lotId" value={l.id} />
            <ConfirmButton form={`approve-${l.id}`} value="approve" label={t("review.approve")} title={t("review.approveTitle")} disabled={busy}>
              <p>{t("review.approveBody", { title: `${l.project.title}（${l.title}）` })}</p>
            </ConfirmButton>
          </Form>
          <details className="review-card__reject">
            <summary className="btn btn--secondary">{t("review.reject")}</summary>
            <FormAlert id={form.errorId} errors={form.errors} />
            <Form method="post" {...getFormProps(form)} className="form">
              <CsrfInput />
              <input type="hidden" name="lotId" value={l.id} />
              <div className="form-field">
                <label htmlFor={fields.reason.id}>{t("review.reason")}</label>
                <textarea {...getTextareaProps(fields.reason)} key={fields.reason.key} rows={3} />
                <FieldErrors id={fields.reason.errorId} errors={fields.reason.errors} t={t} />
              </div>
              <button type="submit" name="intent" value="reject" className="btn btn--danger" disabled={busy}>
                {t("review.rejectSubmit")}
              </button>
            </Form>
          </details>
        </div>
      )}
    </article>
  );
}
