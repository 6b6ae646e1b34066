import { inGroup, phaseOf } from "~/domain/tenders/lot-phases";
import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FieldErrors, FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { ConfirmButton } from "~/components/tenders/confirm-button";
import { Countdown } from "~/components/tenders/countdown";
import { MoneyField } from "~/components/tenders/money-field";
import { RuleViolations, type ViolationView } from "~/components/tenders/rule-violations";
import { toDatetimeLocal } from "~/lib/time";
import { instantField, yuanField } from "~/components/tenders/lot-form-schema";
import { useLotData } from "~/components/tenders/use-lot-data";
import { withViolations } from "~/components/tenders/violations.server";
import { useRootData } from "~/components/use-root-data";
import { DomainError } from "~/domain/errors";
import { getStaffLot } from "~/domain/tenders/get-staff-lot";
import { publishChange, type LotChanges } from "~/domain/tenders/publish-change";
import { requirePermission } from "~/lib/auth.server";
import { formatInstant } from "~/lib/time";
import { handleForm } from "~/lib/form-action.server";
import { fenToYuanInput } from "~/lib/money";

const INSTANTS = ["docsAvailableTo", "clarificationCutoff", "objectionCutoff", "bidDeadline"] as const;
const AMOUNTS = ["estimatedPriceFen", "ceilingPriceFen", "bondFen"] as const;

const schema = z.object({
  body: z.string({ error: "tenders-ui:errors.changeBody" }).trim().min(1, "tenders-ui:errors.changeBody").max(20_000),
  affectsPreparation: z.boolean().optional().default(false),
  expectedVersion: z.coerce.number().int().min(1),
  docsAvailableTo: instantField,
  clarificationCutoff: instantField,
  objectionCutoff: instantField,
  bidDeadline: instantField,
  estimatedPriceFen: yuanField,
  ceilingPriceFen: yuanField,
  bondFen: yuanField,
  qualification: z.string().max(20_000).optional().default(""),
});

/**
 * /staff/lots/:lotId/changes — 变更公告/澄清: the form starts from the current terms; only what the staff
 * actually changed is sent as a change (a prefilled field left alone is not a change). When the change
 * affects bid preparation and comes inside the 15-day window, the system moves the deadline to the
 * instant shown beforehand, and the schedule follows.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "tender.create");
  const lotId = params.lotId ?? "";
  return handleForm(request, schema, (v) =>
    withViolations(async () => {
      const { lot } = await getStaffLot(actor, { lotId });
      const changes: Record<string, unknown> = {};
      // Compare at the form's precision (minutes, fen): an untouched field never counts as a change.
      for (const k of INSTANTS) if (toDatetimeLocal(v[k]) !== toDatetimeLocal(lot[k])) changes[k] = v[k];
      for (const k of AMOUNTS) if (BigInt(v[k]) !== lot[k]) changes[k] = BigInt(v[k]);
      if (v.qualification.trim() !== lot.qualification.trim()) changes.qualification = v.qualification;
      if (Object.keys(changes).length === 0 && !v.affectsPreparation) throw new DomainError("tenders:errors.changeNothing", {}, 422);
      const r = await publishChange(actor, {
        lotId,
        expectedVersion: v.expectedVersion,
        body: v.body,
        changes: changes as LotChanges,
        affectsPreparation: v.affectsPreparation,
      });
      return redirect(`/staff/lots/${lotId}/changes?done=${r.deadlineMoved ? "moved" : "published"}`);
    }),
  );
}

type ActionData = { result?: SubmissionResult<string[]>; violations?: ViolationView[] } | undefined;

export default function ChangesPage() {
  const { t } = useTranslation("tenders-ui");
  const { t: tt } = useTranslation("tenders");
  const d = useLotData();
  const { lot } = d;
  const locale = useRootData()?.locale ?? "zh-CN";
  const res = useActionData<typeof action>() as ActionData;
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const open = inGroup(phaseOf(lot), "openForBids");
  const [form, fields] = useForm({
    id: `change-${lot.id}-v${lot.version}`,
    lastResult: res?.result,
    defaultValue: {
      affectsPreparation: "on",
      docsAvailableTo: toDatetimeLocal(lot.docsAvailableTo),
      clarificationCutoff: toDatetimeLocal(lot.clarificationCutoff),
      objectionCutoff: toDatetimeLocal(lot.objectionCutoff),
      bidDeadline: toDatetimeLocal(lot.bidDeadline),
      estimatedPriceFen: fenToYuanInput(lot.estimatedPriceFen),
      ceilingPriceFen: fenToYuanInput(lot.ceilingPriceFen),
      bondFen: fenToYuanInput(lot.bondFen),
      qualification: lot.qualification,
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const changes = lot.announcements.filter((a) => a.kind === "CHANGE" || a.kind === "CLARIFICATION");
  const done = params.get("done");
  return (
    <>
      {done ? (
        <div className="alert alert--success" role="status">
          {t(done === "moved" ? "change.doneMoved" : "change.donePublished", { deadline: formatInstant(lot.bidDeadline, locale, "datetimeShort") })}
        </div>
      ) : null}
      <section className="panel">
        <h2>{t("change.current")}</h2>
        <p>
          {tt("fields.bidDeadline")}：<strong>{formatInstant(lot.bidDeadline, locale, "datetimeShort")}</strong> <Countdown to={lot.bidDeadline} />
        </p>
        {d.proposedDeadline ? (
          <div className="proposal" role="note" data-proposed={new Date(d.proposedDeadline).toISOString()}>
            <strong>{t("change.proposalTitle", { days: d.changeMinDays })}</strong>
            <div>{t("change.proposal", { deadline: formatInstant(d.proposedDeadline, locale, "datetimeShort"), days: d.changeMinDays })}</div>
          </div>
        ) : (
          <p className="muted">{t("change.noProposal", { days: d.changeMinDays })}</p>
        )}
      </section>

      {open ? (
        <section className="panel" aria-labelledby="change-h">
          <h2 id="change-h">{t("change.title")}</h2>
          <p className="form-hint">{t("change.lead")}</p>
          <RuleViolations violations={res?.violations} />
          <FormAlert id={form.errorId} errors={form.errors} />
          <Form method="post" {...getFormProps(form)}>
            <CsrfInput />
            <input type="hidden" name="expectedVersion" value={lot.version} />
            <div className="form-field">
              <label htmlFor={fields.body.id}>
                {t("change.body")}
                <span className="req" aria-hidden="true"> *</span>
              </label>
              <div className="form-hint">{t("change.bodyHint")}</div>
              <textarea {...getTextareaProps(fields.body)} key={fields.body.key} rows={4} className="wide" />
              <FieldErrors id={fields.body.errorId} errors={fields.body.errors} t={t} />
            </div>
            <div className="form-field">
              <label>
                <input {...getInputProps(fields.affectsPreparation, { type: "checkbox" })} key={fields.affectsPreparation.key} />{" "}
                {t("change.affects")}
              </label>
              <div className="form-hint">{t("change.affectsHint", { days: d.changeMinDays })}</div>
            </div>
            <fieldset className="form-section">
              <legend>{t("change.instants")}</legend>
              <div className="form-grid">
                {INSTANTS.map((k) => (
                  <div className="form-field" key={k}>
                    <label htmlFor={fields[k].id}>{tt(`fields.${k}`)}</label>
                    <div className="form-hint">{t("change.was", { value: formatInstant(lot[k], locale, "datetimeShort") })}</div>
                    <input {...getInputProps(fields[k], { type: "datetime-local" })} key={fields[k].key} />
                    <FieldErrors id={fields[k].errorId} errors={fields[k].errors} t={t} />
                  </div>
                ))}
              </div>
            </fieldset>
            <fieldset className="form-section">
              <legend>{t("change.terms")}</legend>
              <div className="form-grid form-grid--3">
                {AMOUNTS.map((k) => (
                  <MoneyField key={k} meta={fields[k]} label={tt(`fields.${k}`)} />
                ))}
              </div>
              <div className="form-field">
                <label htmlFor={fields.qualification.id}>{tt("fields.qualification")}</label>
                <textarea {...getTextareaProps(fields.qualification)} key={fields.qualification.key} rows={3} />
              </div>
            </fieldset>
            <div className="action-bar">
              <ConfirmButton form={form.id} value="publish" label={t("change.publish")} title={t("change.confirmTitle")} disabled={busy}>
                <p>{t("change.confirmBody")}</p>
                {d.proposedDeadline ? (
                  <p className="proposal">{t("change.proposal", { deadline: formatInstant(d.proposedDeadline, locale, "datetimeShort"), days: d.changeMinDays })}</p>
                ) : null}
              </ConfirmButton>
            </div>
          </Form>
        </section>
      ) : (
        <p className="alert alert--info">{t("change.closed")}</p>
      )}

      <section className="panel">
        <h2>{t("change.history")}</h2>
        {changes.length === 0 ? (
          <p className="muted">{t("change.none")}</p>
        ) : (
          <div className="qa">
            {changes.map((a) => (
              <article key={a.id} className="qa-item">
                <div className="qa-item__meta">
                  <span className="badge badge--blue">{tt(`announcementKinds.${a.kind}`)}</span>
                  {formatInstant(a.publishedAt, locale, "datetimeShort")}
                  {a.documentId ? <a href={`/documents/${a.documentId}`}>PDF</a> : <span>{tt("detail.pdfPending")}</span>}
                </div>
                <strong>{a.title}</strong>
                <p className="qa-item__q">{a.body}</p>
              </article>
            ))}
          </div>
        )}
      </section>
    </>
  );
}
