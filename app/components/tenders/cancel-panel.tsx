import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FieldErrors, FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { DataTable } from "~/components/data-table";
import { ConfirmButton } from "~/components/tenders/confirm-button";
import { RuleViolations, type ViolationView } from "~/components/tenders/rule-violations";
import { useLotData } from "~/components/tenders/use-lot-data";
import { useRootData } from "~/components/use-root-data";
import { inGroup } from "~/domain/tenders/lot-phases";
import { formatYuan } from "~/lib/money";
import { formatInstant } from "~/lib/time";

/** The 终止招标 form's fields; the domain's rule lotCancellation decides (reason, phase) again. */
export const cancelLotSchema = z.object({
  intent: z.literal("cancel"),
  reason: z
    .string({ error: "tenders-ui:errors.cancelReason" })
    .trim()
    .min(4, "tenders-ui:errors.cancelReason")
    .max(1000, "tenders-ui:errors.cancelReason"),
});

type ActionData = { result?: SubmissionResult<string[]>; violations?: ViolationView[] } | undefined;

/**
 * 终止招标 on the staff lot page: offered only in the phases of the table's 'cancellable' group, with a
 * required reason and a confirmation that says what will happen (notice, notifications, bond refunds).
 */
export function CancelPanel() {
  const { t } = useTranslation("tenders-ui");
  const d = useLotData();
  const { lot } = d;
  const res = useActionData() as ActionData;
  // The page's other forms share the action: only a cancel submission's result belongs here.
  const mine = res?.result?.initialValue?.intent === "cancel" || res?.violations?.some((v) => v.ruleId === "lotCancellation");
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useForm({
    id: `cancel-${lot.id}`,
    lastResult: mine ? res?.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: cancelLotSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  if (!d.me.canCreate || !inGroup(lot.status, "cancellable")) return null;
  return (
    <section className="panel panel--danger" aria-labelledby="cancel-h">
      <h2 id="cancel-h">{t("cancel.title")}</h2>
      <p className="form-hint">{lot.publishedAt ? t(`cancel.lead_${lot.project.procurementType}`) : t("cancel.leadDraft")}</p>
      {mine ? <RuleViolations violations={res?.violations} /> : null}
      <FormAlert id={form.errorId} errors={form.errors} />
      <Form method="post" {...getFormProps(form)}>
        <CsrfInput />
        <div className="form-field">
          <label htmlFor={fields.reason.id}>
            {t("cancel.reason")}
            <span className="req" aria-hidden="true"> *</span>
          </label>
          <div className="form-hint" id={`${fields.reason.id}-hint`}>{t("cancel.reasonHint")}</div>
          <textarea {...getTextareaProps(fields.reason)} key={fields.reason.key} rows={3} className="wide" aria-describedby={`${fields.reason.id}-hint`} />
          <FieldErrors id={fields.reason.errorId} errors={fields.reason.errors} t={t} />
        </div>
        <div className="action-bar">
          <ConfirmButton
            form={form.id}
            value="cancel"
            tone="danger"
            label={t("cancel.submit")}
            confirmLabel={t("cancel.confirm")}
            title={t("cancel.confirmTitle")}
            disabled={busy}
          >
            <p>{t("cancel.confirmBody")}</p>
          </ConfirmButton>
        </div>
      </Form>
    </section>
  );
}

/** A cancelled lot: the reason, the notice and the bond refund register (cause CANCELLED). */
export function CancelledPanel() {
  const { t } = useTranslation("tenders-ui");
  const d = useLotData();
  const locale = useRootData()?.locale ?? "zh-CN";
  const c = d.cancellation;
  if (d.lot.status !== "CANCELLED" || !c) return null;
  const due = c.refunds.map((r) => new Date(r.dueAt)).sort((a, b) => a.getTime() - b.getTime())[0];
  return (
    <section className="panel" aria-labelledby="cancelled-h" data-testid="cancelled">
      <h2 id="cancelled-h">{t("cancel.doneTitle")}</h2>
      <p className="pre">{t("cancel.doneReason", { reason: c.reason })}</p>
      {c.at ? <p className="muted">{formatInstant(c.at, locale, "datetimeShort")}</p> : null}
      {c.announcementId ? (
        <p>
          <a href={`/tenders/${d.lot.id}`}>{t("cancel.notice")}</a>
        </p>
      ) : null}
      {c.partiesSealed ? (
        <p className="muted" data-testid="parties-sealed">{t("cancel.partiesSealed")}</p>
      ) : c.refunds.length === 0 ? (
        <p className="muted">{t("cancel.noRefunds")}</p>
      ) : (
        <DataTable
          caption={<caption>{t("cancel.refunds", { count: c.refunds.length, due: due ? formatInstant(due, locale, "datetimeShort") : "" })}</caption>}
          head={
            <>
              <th scope="col">{t("cancel.refundBidder")}</th>
              <th scope="col" className="num">{t("cancel.refundAmount")}</th>
              <th scope="col" className="num">{t("cancel.refundInterest")}</th>
              <th scope="col">{t("cancel.refundDue")}</th>
              <th scope="col">{t("cancel.refundState")}</th>
            </>
          }
        >
          {c.refunds.map((r) => (
            <tr key={r.id}>
              <td>{r.bidderName}</td>
              <td className="num">{formatYuan(r.bondFen)}</td>
              <td className="num">{formatYuan(r.interestFen)}</td>
              <td>{formatInstant(r.dueAt, locale, "datetimeShort")}</td>
              <td>{r.refundedOn ? t("cancel.refunded", { date: formatInstant(r.refundedOn, locale, "date") }) : t("cancel.pending")}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
