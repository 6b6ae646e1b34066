import { calendarDaysBetween } from "~/domain/rules/dates";
import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata, type FormMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { FieldErrors } from "~/components/accounts/field";
import { exceedsPercent, parseYuan, percentOf } from "~/lib/money";
import { LOT_LIMITS } from "~/domain/tenders/lot-terms";
import { CriteriaEditor } from "./criteria-editor";
import { MoneyField } from "./money-field";
import { fromDatetimeLocal } from "~/lib/time";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fields of the create and edit forms
type Fields = Record<string, FieldMetadata<any, any, string[]>>;

const INSTANTS = ["docsAvailableFrom", "docsAvailableTo", "clarificationCutoff", "objectionCutoff", "bidDeadline"] as const;

/** Shanghai calendar days between two instants (the law counts dates, not 24-hour slices). */
const shanghaiDays = (a: Date, b: Date): number => calendarDaysBetween(a, b);

/**
 * The terms of a lot (create and edit draft share it): what it is, the money, how bids are judged, and the
 * key instants in Beijing time — each section with the hints of the rules that apply to it.
 */
export function LotFormFields({
  form,
  fields,
  procurementType,
}: {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  form: FormMetadata<any, string[]>;
  fields: Fields;
  procurementType: "CONSTRUCTION" | "GOVERNMENT_PROCUREMENT";
}) {
  const { t } = useTranslation("tenders-ui");
  const { t: tt } = useTranslation("tenders");
  const est = typeof fields.estimatedPriceFen!.value === "string" ? parseYuan(fields.estimatedPriceFen!.value) : null;
  const bond = typeof fields.bondFen!.value === "string" ? parseYuan(fields.bondFen!.value) : null;
  const ratio = est?.ok && bond?.ok ? percentOf(bond.fen, est.fen) : null;
  // The domain's bond rule decides; this only warns early (2 % is the statutory default).
  const over = est?.ok && bond?.ok ? exceedsPercent(bond.fen, est.fen, 2n) : false;
  const method = fields.evaluationMethod!.value;
  const at = Object.fromEntries(INSTANTS.map((k) => [k, fromDatetimeLocal(fields[k]!.value as string | undefined)])) as Record<
    (typeof INSTANTS)[number],
    Date | null
  >;
  const gp = procurementType === "GOVERNMENT_PROCUREMENT";

  const text = (name: string, label: string, hint?: string, rows?: number) => {
    const f = fields[name]!;
    return (
      <div className="form-field span-2">
        <label htmlFor={f.id}>
          {label}
          {name === "title" ? <span className="req" aria-hidden="true"> *</span> : null}
        </label>
        {hint ? <div className="form-hint">{hint}</div> : <div hidden />}
        {rows ? (
          <textarea {...getTextareaProps(f)} key={f.key} rows={rows} />
        ) : (
          <input {...getInputProps(f, { type: "text" })} key={f.key} maxLength={LOT_LIMITS.titleMax} />
        )}
        <FieldErrors id={f.errorId} errors={f.errors} t={t} />
      </div>
    );
  };

  const instant = (name: (typeof INSTANTS)[number], hint: string) => {
    const f = fields[name]!;
    return (
      <div className="form-field">
        <label htmlFor={f.id}>
          {tt(`fields.${name}`)}
          <span className="req" aria-hidden="true"> *</span>
        </label>
        <div className="form-hint">{hint}</div>
        <input {...getInputProps(f, { type: "datetime-local" })} key={f.key} step={60} />
        <FieldErrors id={f.errorId} errors={f.errors} t={t} />
      </div>
    );
  };

  return (
    <>
      <fieldset className="form-section">
        <legend>{t("lotForm.sectionBasics")}</legend>
        <div className="form-grid">
          {text("title", tt("fields.lotTitle"))}
          {text("description", tt("fields.description"), t("lotForm.descriptionHint"), 4)}
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("lotForm.sectionMoney")}</legend>
        <p className="form-hint">{t("lotForm.moneyHint")}</p>
        <div className="form-grid form-grid--3">
          <MoneyField meta={fields.estimatedPriceFen!} label={tt("fields.estimatedPriceFen")} hint={t(gp ? "lotForm.estimateHintGP" : "lotForm.estimateHintC")} />
          <MoneyField meta={fields.ceilingPriceFen!} label={tt("fields.ceilingPriceFen")} hint={t("lotForm.ceilingHint")} />
          <MoneyField
            meta={fields.bondFen!}
            label={tt("fields.bondFen")}
            hint={t("lotForm.bondHint")}
            extra={
              ratio ? (
                <span className={over ? "bond-ratio bond-ratio--over" : "bond-ratio"}>
                  {" "}
                  · {t("lotForm.bondRatio", { pct: ratio })}
                </span>
              ) : null
            }
          />
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("lotForm.sectionEvaluation")}</legend>
        <div className="form-grid">
          {text("qualification", tt("fields.qualification"), t("lotForm.qualificationHint"), 3)}
          <div className="form-field span-2">
            <label htmlFor={fields.evaluationMethod!.id}>
              {tt("fields.evaluationMethod")}
              <span className="req" aria-hidden="true"> *</span>
            </label>
            <div className="form-hint">{t("lotForm.methodHint")}</div>
            <select {...getSelectProps(fields.evaluationMethod!)} key={fields.evaluationMethod!.key}>
              <option value="COMPREHENSIVE">{tt("evaluationMethods.COMPREHENSIVE")}</option>
              <option value="LOWEST_PRICE">{tt("evaluationMethods.LOWEST_PRICE")}</option>
            </select>
            <FieldErrors id={fields.evaluationMethod!.errorId} errors={fields.evaluationMethod!.errors} t={t} />
          </div>
        </div>
        {method === "COMPREHENSIVE" ? (
          <CriteriaEditor form={form} field={fields.criteria as FieldMetadata<{ name: string; weight: number }[], Record<string, unknown>, string[]>} />
        ) : (
          <p className="muted">{t("criteria.none")}</p>
        )}
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("lotForm.sectionSchedule")}</legend>
        <p className="form-hint">{t(gp ? "lotForm.scheduleHintGP" : "lotForm.scheduleHintC")}</p>
        <div className="form-grid">
          {instant("docsAvailableFrom", t("lotForm.docsFromHint"))}
          {instant("docsAvailableTo", t(gp ? "lotForm.docsToHintGP" : "lotForm.docsToHintC"))}
          {instant("clarificationCutoff", t("lotForm.clarificationHint"))}
          {instant("objectionCutoff", t(gp ? "lotForm.objectionHintGP" : "lotForm.objectionHintC"))}
          {instant("bidDeadline", t("lotForm.deadlineHint"))}
          <div className="form-field">
            <label htmlFor={fields.decryptionWindowMinutes!.id}>{tt("fields.decryptionWindowMinutes")}</label>
            <div className="form-hint">{t("lotForm.windowHint")}</div>
            <input {...getInputProps(fields.decryptionWindowMinutes!, { type: "number" })} key={fields.decryptionWindowMinutes!.key} min={LOT_LIMITS.decryptionWindowMin} max={LOT_LIMITS.decryptionWindowMax} />
            <FieldErrors id={fields.decryptionWindowMinutes!.errorId} errors={fields.decryptionWindowMinutes!.errors} t={t} />
          </div>
        </div>
        {at.docsAvailableFrom && at.bidDeadline ? (
          <p className="schedule-summary" role="status">
            {t("lotForm.summaryWaiting", { days: shanghaiDays(at.docsAvailableFrom, at.bidDeadline) })}
            {at.docsAvailableTo ? ` · ${t("lotForm.summaryDocs", { days: shanghaiDays(at.docsAvailableFrom, at.docsAvailableTo) })}` : ""}
            {at.objectionCutoff ? ` · ${t("lotForm.summaryObjection", { days: shanghaiDays(at.objectionCutoff, at.bidDeadline) })}` : ""}
          </p>
        ) : null}
      </fieldset>
    </>
  );
}
