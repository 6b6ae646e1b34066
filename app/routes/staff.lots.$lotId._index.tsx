import { inGroup } from "~/domain/tenders/lot-phases";
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { CancelledPanel, CancelPanel, cancelLotSchema } from "~/components/tenders/cancel-panel";
import { ConfirmButton } from "~/components/tenders/confirm-button";
import { DocumentUpload } from "~/components/tenders/document-upload";
import { LotFormFields } from "~/components/tenders/lot-form-fields";
import { lotFormDefaults } from "~/components/tenders/lot-form-defaults";
import { updateLotFormSchema } from "~/components/tenders/lot-form-schema";
import { DocumentList, LotTerms, LotTimeline } from "~/components/tenders/lot-summary";
import { RuleViolations, type ViolationView } from "~/components/tenders/rule-violations";
import { useLotData } from "~/components/tenders/use-lot-data";
import { withViolations } from "~/components/tenders/violations.server";
import { useRootData } from "~/components/use-root-data";
import { cancelLot } from "~/domain/tenders/cancel-lot";
import { submitForReview } from "~/domain/tenders/submit-for-review";
import { updateDraftLot } from "~/domain/tenders/update-draft-lot";
import { requirePermission } from "~/lib/auth.server";
import { formatInstant } from "~/lib/time";
import { handleForm } from "~/lib/form-action.server";

const submitSchema = z.object({ intent: z.literal("submit") });

/**
 * /staff/lots/:lotId — a draft is edited here (terms, documents) and sent to review; later states are read
 * here; 终止招标 (intent cancel) while the phase table allows it.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "tender.create");
  const lotId = params.lotId ?? "";
  return handleForm(
    request,
    (form) => (form.get("intent") === "submit" ? submitSchema : form.get("intent") === "cancel" ? cancelLotSchema : updateLotFormSchema),
    (v) =>
      withViolations(async () => {
        if (v.intent === "cancel") {
          const r = await cancelLot(actor, { lotId, reason: (v as z.output<typeof cancelLotSchema>).reason });
          return redirect(`/staff/lots/${lotId}?done=${r.announcementId ? "cancelled" : "cancelledDraft"}`);
        }
        if (v.intent === "submit") {
          await submitForReview(actor, { lotId });
          return redirect(`/staff/lots/${lotId}?done=submitted`);
        }
        const { intent: _i, ...terms } = v as z.output<typeof updateLotFormSchema>;
        await updateDraftLot(actor, { ...terms, lotId });
        return redirect(`/staff/lots/${lotId}?done=saved`);
      }),
  );
}

type ActionData = { result?: SubmissionResult<string[]>; violations?: ViolationView[] } | undefined;

export default function StaffLotIndex() {
  const d = useLotData();
  return d.lot.status === "DRAFT" && d.me.canCreate ? <DraftEditor /> : <LotOverview />;
}

function Notices() {
  const { t } = useTranslation("tenders-ui");
  const [params] = useSearchParams();
  const done = params.get("done") ?? (params.get("created") ? "created" : null);
  return done ? (
    <div className="alert alert--success" role="status">
      {t(`lot.done.${done}`, { defaultValue: "" })}
    </div>
  ) : null;
}

function DraftEditor() {
  const { t } = useTranslation("tenders-ui");
  const d = useLotData();
  const { lot } = d;
  const res = useActionData<typeof action>() as ActionData;
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useForm({
    id: `lot-${lot.id}-v${lot.version}`,
    lastResult: res?.result?.initialValue?.intent === "cancel" ? undefined : res?.result,
    defaultValue: lotFormDefaults(lot),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: updateLotFormSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <>
      <Notices />
      {lot.rejectionReason ? (
        <div className="alert alert--warning" role="alert">
          <strong>{t("lot.rejected", { name: lot.reviewerName ?? "" })}</strong>
          <div className="pre">{lot.rejectionReason}</div>
        </div>
      ) : null}
      <RuleViolations violations={res?.violations?.filter((v) => v.ruleId !== "lotCancellation")} />
      <FormAlert id={form.errorId} errors={form.errors} />
      <Form method="post" {...getFormProps(form)}>
        <CsrfInput />
        <input type="hidden" name="expectedVersion" value={lot.version} />
        <LotFormFields form={form} fields={fields} procurementType={lot.project.procurementType} />
        <div className="action-bar">
          <button type="submit" name="intent" value="save" className="btn btn--primary" disabled={busy}>
            {t("lot.save")}
          </button>
          <span className="muted">{t("lot.saveNote")}</span>
        </div>
      </Form>

      <section className="form-section" aria-labelledby="docs-h">
        <h2 id="docs-h" className="section-title">
          {t("docs.title")}
        </h2>
        <DocumentList documents={lot.documents} hrefOf={(doc) => `/documents/${lot.documents.find((x) => x.id === doc.id)?.documentId}?download=1`} />
        <DocumentUpload lotId={lot.id} />
      </section>

      <section className="panel" aria-labelledby="submit-h">
        <h2 id="submit-h">{t("lot.submitTitle")}</h2>
        <p>{t("lot.submitLead")}</p>
        {lot.documents.length === 0 ? <p className="alert alert--warning">{t("lot.submitNeedsDocs")}</p> : null}
        <Form method="post" id="lot-submit">
          <CsrfInput />
          <ConfirmButton form="lot-submit" value="submit" label={t("lot.submit")} title={t("lot.submitConfirmTitle")} disabled={busy}>
            <p>{t("lot.submitConfirmBody")}</p>
          </ConfirmButton>
        </Form>
      </section>
      <CancelPanel />
    </>
  );
}

function LotOverview() {
  const { t } = useTranslation("tenders-ui");
  const { t: tt } = useTranslation("tenders");
  const d = useLotData();
  const { lot } = d;
  const locale = useRootData()?.locale ?? "zh-CN";
  return (
    <>
      <Notices />
      {lot.status === "UNDER_REVIEW" ? (
        <div className="alert alert--info" role="status">
          {d.isAuthor ? t("lot.waitingForOther") : t("lot.waitingForYou")}{" "}
          {!d.isAuthor && d.me.canReview ? <Link to="/staff/reviews">{t("lot.goReview")}</Link> : null}
        </div>
      ) : null}
      {lot.status === "SUSPENDED" ? (
        <div className="alert alert--error" role="status">
          {t("lot.suspended")} <Link to={`/staff/lots/${lot.id}/objections`}>{t("lot.tabObjections")}</Link>
        </div>
      ) : null}
      <CancelledPanel />
      <div className="two-col">
        <div>
          <section className="panel">
            <h2>{t("lot.terms")}</h2>
            <LotTerms lot={lot} />
          </section>
          <section className="panel">
            <h2>{t("docs.title")}</h2>
            <DocumentList documents={lot.documents} hrefOf={(doc) => `/documents/${lot.documents.find((x) => x.id === doc.id)?.documentId}?download=1`} />
          </section>
          {lot.announcements.length ? (
            <section className="panel">
              <h2>{t("lot.announcements")}</h2>
              <ul className="link-list">
                {lot.announcements.map((a) => (
                  <li key={a.id}>
                    <span className="badge badge--blue">{tt(`announcementKinds.${a.kind}`)}</span> {a.title}{" "}
                    <span className="muted">{formatInstant(a.publishedAt, locale, "datetimeShort")}</span>{" "}
                    {a.documentId ? <a href={`/documents/${a.documentId}`}>PDF</a> : <span className="muted">{tt("detail.pdfPending")}</span>}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>
        <aside className="panel">
          <h2>{t("lot.schedule")}</h2>
          <LotTimeline timeline={d.timeline} stopped={inGroup(lot.status, "ended") && inGroup(lot.status, "halted")} />
        </aside>
      </div>
      <CancelPanel />
    </>
  );
}
