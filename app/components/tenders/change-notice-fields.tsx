import { getInputProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { FieldErrors } from "~/components/accounts/field";

/**
 * The notice text and the "affects bid preparation" box of a 变更公告: the change form and the document
 * replacement form both publish one (the box decides whether the 15-day rule moves the deadline).
 */
export function ChangeNoticeFields(props: {
  body: FieldMetadata<string>;
  affects: FieldMetadata<boolean>;
  bodyLabel: string;
  bodyHint: string;
  rows: number;
  minDays: number;
}) {
  const { t } = useTranslation("tenders-ui");
  const { body, affects } = props;
  return (
    <>
      <div className="form-field">
        <label htmlFor={body.id}>
          {props.bodyLabel}
          <span className="req" aria-hidden="true"> *</span>
        </label>
        <div className="form-hint">{props.bodyHint}</div>
        <textarea {...getTextareaProps(body)} key={body.key} rows={props.rows} className="wide" />
        <FieldErrors id={body.errorId} errors={body.errors} t={t} />
      </div>
      <div className="form-field">
        <label>
          <input {...getInputProps(affects, { type: "checkbox" })} key={affects.key} /> {t("change.affects")}
        </label>
        <div className="form-hint">{t("change.affectsHint", { days: props.minDays })}</div>
      </div>
    </>
  );
}
