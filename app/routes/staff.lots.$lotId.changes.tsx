import { inGroup, phaseOf } from "~/domain/tenders/lot-phases";
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FieldErrors, FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { ChangeNoticeFields } from "~/components/tenders/change-notice-fields";
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
import { LOT_LIMITS, lotTermsShape } from "~/domain/tenders/lot-terms";
import { publishChange, type LotChanges } from "~/domain/tenders/publish-change";
import { requirePermission } from "~/lib/auth.server";
import { formatInstant } from "~/lib/time";
import { handleForm } from "~/lib/form-action.server";
import { fenToYuanInput } from "~/lib/money";
import { UPLOAD_EXTENSIONS } from "~/components/tenders/document-upload";

const INSTANTS = ["docsAvailableTo", "clarificationCutoff", "objectionCutoff", "bidDeadline"] as const;
const AMOUNTS = ["estimatedPriceFen", "ceilingPriceFen", "bondFen"] as const;

/** A replacement travels as multipart in the form post (buffered up to this size; the domain streams it to storage). */
const REPLACE_MAX_BYTES = 50 * 1024 * 1024;

const replaceSchema = z.object({
  intent: z.literal("replace"),
  replacesId: z.string({ error: "tenders-ui:errors.replaceWhich" }).min(1, "tenders-ui:errors.replaceWhich").max(64),
  // Own names (not body/affectsPreparation): the change form on the same page keeps its fields unambiguous.
  notice: z.string({ error: "tenders-ui:errors.changeBody" }).trim().min(1, "tenders-ui:errors.changeBody").max(LOT_LIMITS.longTextMax),
  affects: z.boolean().optional().default(false),
  expectedVersion: z.coerce.number().int().min(1),
  file: z.custom<File>((f) => typeof File !== "undefined" && f instanceof File && f.size > 0 && f.name !== "", { error: "tenders-ui:errors.replaceFile" }),
});

const schema = z.object({
  body: z.string({ error: "tenders-ui:errors.changeBody" }).trim().min(1, "tenders-ui:errors.changeBody").max(LOT_LIMITS.longTextMax),
  affectsPreparation: z.boolean().optional().default(false),
  expectedVersion: z.coerce.number().int().min(1),
  docsAvailableTo: instantField,
  clarificationCutoff: instantField,
  objectionCutoff: instantField,
  bidDeadline: instantField,
  estimatedPriceFen: yuanField,
  ceilingPriceFen: yuanField,
  bondFen: yuanField,
  qualification: lotTermsShape.qualification,
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
  return handleForm(
    request,
    (form) => (form.get("intent") === "replace" ? replaceSchema : schema),
    (raw, form) =>
    withViolations(async () => {
      if ("intent" in raw && raw.intent === "replace") {
        const r = raw as z.output<typeof replaceSchema>;
        const f = form.get("file");
        if (!(f instanceof File) || f.size === 0 || !f.name) throw new DomainError("tenders:errors.replacementFileRequired", {}, 422, "file");
        const done = await publishChange(
          actor,
          {
            lotId,
            expectedVersion: r.expectedVersion,
            body: r.notice,
            changes: {},
            affectsPreparation: r.affects,
            document: { replacesId: r.replacesId, fileName: f.name, data: Buffer.from(await f.arrayBuffer()) },
          },
          new Date(),
          { maxBytes: REPLACE_MAX_BYTES },
        );
        return redirect(`/staff/lots/${lotId}/changes?done=${done.deadlineMoved ? "moved" : "replaced"}`);
      }
      const v = raw as z.output<typeof schema>;
      // Every term as the form shows it; the domain keeps those that differ from the lot (publishChange).
      const changes: LotChanges = { qualification: v.qualification };
      for (const k of INSTANTS) changes[k] = v[k];
      for (const k of AMOUNTS) changes[k] = BigInt(v[k]);
      const r = await publishChange(actor, {
        lotId,
        expectedVersion: v.expectedVersion,
        body: v.body,
        changes,
        affectsPreparation: v.affectsPreparation,
      });
      return redirect(`/staff/lots/${lotId}/changes?done=${r.deadlineMoved ? "moved" : "published"}`);
    }),
    { maxBytes: REPLACE_MAX_BYTES + 256 * 1024 },
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
  const replacing = res?.result?.initialValue?.intent === "replace";
  const [form, fields] = useForm({
    id: `change-${lot.id}-v${lot.version}`,
    lastResult: replacing ? undefined : res?.result,
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
          {t(done === "moved" ? "change.doneMoved" : done === "replaced" ? "replace.done" : "change.donePublished", { deadline: formatInstant(lot.bidDeadline, locale, "datetimeShort") })}
        </div>
      ) : null}
      <RuleViolations violations={res?.violations} />
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
          <FormAlert id={form.errorId} errors={form.errors} />
          <Form method="post" {...getFormProps(form)}>
            <CsrfInput />
            <input type="hidden" name="expectedVersion" value={lot.version} />
            <ChangeNoticeFields
              body={fields.body}
              affects={fields.affectsPreparation}
              bodyLabel={t("change.body")}
              bodyHint={t("change.bodyHint")}
              rows={4}
              minDays={d.changeMinDays}
            />
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

      {open ? <ReplaceDocument lastResult={replacing ? res?.result : undefined} busy={busy} /> : null}

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
        {d.supersededDocuments.length > 0 ? (
          <>
            <h3>{t("replace.superseded")}</h3>
            <ul className="link-list" data-testid="superseded">
              {d.supersededDocuments.map((x) => (
                <li key={x.id}>
                  <s>{x.name}</s> <span className="muted">{x.supersededByName ? t("replace.supersededBy", { name: x.supersededByName }) : null}</span>{" "}
                  {x.withdrawnAt ? <span className="muted">{formatInstant(x.withdrawnAt, locale, "datetimeShort")}</span> : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
    </>
  );
}

/**
 * 替换招标文件: a current document, the new file and the notice's text; posted as multipart (intent
 * replace). The notice is published with the new file attached and the bidders are notified.
 */
function ReplaceDocument({ lastResult, busy }: { lastResult?: SubmissionResult<string[]>; busy: boolean }) {
  const { t } = useTranslation("tenders-ui");
  const d = useLotData();
  const { lot } = d;
  const locale = useRootData()?.locale ?? "zh-CN";
  const [form, fields] = useForm({
    id: `replace-${lot.id}-v${lot.version}`,
    lastResult,
    defaultValue: { affects: "on", replacesId: lot.documents.length === 1 ? lot.documents[0]!.id : "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: replaceSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <section className="panel" aria-labelledby="replace-h">
      <h2 id="replace-h">{t("replace.title")}</h2>
      <p className="form-hint">{t("replace.lead")}</p>
      <FormAlert id={form.errorId} errors={form.errors} />
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
        <CsrfInput />
        <input type="hidden" name="expectedVersion" value={lot.version} />
        <div className="form-field">
          <label htmlFor={fields.replacesId.id}>
            {t("replace.which")}
            <span className="req" aria-hidden="true"> *</span>
          </label>
          <select {...getSelectProps(fields.replacesId)} key={fields.replacesId.key}>
            <option value="">—</option>
            {lot.documents.map((doc) => (
              <option key={doc.id} value={doc.id}>
                {doc.name}
              </option>
            ))}
          </select>
          <FieldErrors id={fields.replacesId.errorId} errors={fields.replacesId.errors} t={t} />
        </div>
        <div className="form-field">
          <label htmlFor={`${form.id}-file`}>
            {t("replace.file")}
            <span className="req" aria-hidden="true"> *</span>
          </label>
          <div className="form-hint" id={`${form.id}-file-hint`}>
            {t("replace.fileHint", { mb: REPLACE_MAX_BYTES / 1048576 })}
          </div>
          <input
            id={`${form.id}-file`}
            name="file"
            type="file"
            accept={UPLOAD_EXTENSIONS.map((e) => `.${e}`).join(",")}
            aria-describedby={`${form.id}-file-hint`}
            aria-invalid={fields.file.errors ? true : undefined}
          />
          <FieldErrors id={fields.file.errorId} errors={fields.file.errors} t={t} />
        </div>
        <ChangeNoticeFields
          body={fields.notice}
          affects={fields.affects}
          bodyLabel={t("replace.body")}
          bodyHint={t("replace.bodyHint")}
          rows={3}
          minDays={d.changeMinDays}
        />
        <div className="action-bar">
          <ConfirmButton form={form.id} value="replace" label={t("replace.submit")} confirmLabel={t("replace.confirmTitle")} title={t("replace.confirmTitle")} disabled={busy}>
            <p>{t("replace.confirmBody")}</p>
            {d.proposedDeadline ? (
              <p className="proposal">{t("change.proposal", { deadline: formatInstant(d.proposedDeadline, locale, "datetimeShort"), days: d.changeMinDays })}</p>
            ) : null}
          </ConfirmButton>
        </div>
      </Form>
    </section>
  );
}
