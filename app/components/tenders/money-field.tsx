import { getInputProps, type FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { FieldErrors } from "~/components/accounts/field";
import { amountInWords } from "~/lib/money";
import { formatYuan, parseYuan } from "~/lib/money";

/**
 * An amount in yuan with 2 decimals, typed as text (never type=number: browsers round and localise it),
 * with a live reading of what was understood — ¥1,234.56 and the capital Chinese amount (大写), the way
 * procurement staff double-check figures on paper.
 */
export function MoneyField({
  meta,
  label,
  hint,
  extra,
}: {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any form's field
  meta: FieldMetadata<any, any, string[]>;
  label: string;
  hint?: string;
  extra?: React.ReactNode;
}) {
  const { t } = useTranslation("tenders-ui");
  const parsed = typeof meta.value === "string" && meta.value.trim() ? parseYuan(meta.value) : null;
  const props = getInputProps(meta, { type: "text", ariaDescribedBy: `${meta.id}-reading` });
  return (
    <div className="form-field money-field">
      <label htmlFor={meta.id}>
        {label}
        <span className="req" aria-hidden="true"> *</span>
      </label>
      {hint ? <div className="form-hint">{hint}</div> : null}
      <div className="money-field__input">
        <span className="money-field__unit" aria-hidden="true">¥</span>
        <input {...props} key={props.key} inputMode="decimal" autoComplete="off" placeholder="0.00" />
        <span className="money-field__unit" aria-hidden="true">{t("money.yuan")}</span>
      </div>
      <div id={`${meta.id}-reading`} className="money-field__reading" aria-live="polite">
        {parsed?.ok ? (
          <>
            <span className="mono">¥{formatYuan(parsed.fen)}</span>
            <span className="muted"> · {t("money.inWords")} {amountInWords(parsed.fen)}</span>
            {extra}
          </>
        ) : null}
      </div>
      <FieldErrors id={meta.errorId} errors={meta.errors} t={t} />
    </div>
  );
}
