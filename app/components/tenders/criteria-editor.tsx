import { getInputProps, type FieldMetadata, type FormMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { FieldErrors } from "~/components/accounts/field";
import { LOT_LIMITS } from "~/domain/tenders/lot-terms";

type Criterion = { name: string; weight: number | string };

/**
 * 综合评估法: weighted criteria (评分因素及权重). Rows are added and removed through Conform (so the server
 * receives criteria[0].name, criteria[0].weight …); the running total is shown as a bar that turns green
 * exactly at 100.
 */
export function CriteriaEditor({
  form,
  field,
}: {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the lot form's metadata
  form: FormMetadata<any, string[]>;
  field: FieldMetadata<Criterion[], Record<string, unknown>, string[]>;
}) {
  const { t } = useTranslation("tenders-ui");
  const rows = field.getFieldList();
  const sum = rows.reduce((s, r) => {
    const w = Number(r.getFieldset().weight.value ?? 0);
    return s + (Number.isFinite(w) ? w : 0);
  }, 0);
  const ok = sum === LOT_LIMITS.weightSum;
  return (
    <fieldset className="criteria-editor" aria-describedby={field.errorId}>
      <legend>{t("criteria.legend")}</legend>
      <p className="form-hint">{t("criteria.hint")}</p>
      <table className="table criteria-editor__table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t("criteria.name")}</th>
            <th scope="col">{t("criteria.weight")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("criteria.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            const f = row.getFieldset();
            return (
              <tr key={row.key}>
                <td>{i + 1}</td>
                <td>
                  <input {...getInputProps(f.name, { type: "text" })} key={f.name.key} aria-label={t("criteria.nameN", { n: i + 1 })} maxLength={LOT_LIMITS.criterionNameMax} />
                  <FieldErrors id={f.name.errorId} errors={f.name.errors} t={t} />
                </td>
                <td className="criteria-editor__weight">
                  <input {...getInputProps(f.weight, { type: "number" })} key={f.weight.key} min={LOT_LIMITS.weightMin} max={LOT_LIMITS.weightMax} step={1} aria-label={t("criteria.weightN", { n: i + 1 })} />
                  <FieldErrors id={f.weight.errorId} errors={f.weight.errors} t={t} />
                </td>
                <td>
                  <button type="button" className="btn btn--secondary btn--small" {...form.remove.getButtonProps({ name: field.name, index: i })}>
                    {t("criteria.remove")}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="row-actions criteria-editor__footer">
        <button
          type="button"
          className="btn btn--secondary btn--small"
          disabled={rows.length >= LOT_LIMITS.criteriaMax}
          {...form.insert.getButtonProps({ name: field.name, defaultValue: { name: "", weight: "" } })}
        >
          + {t("criteria.add")}
        </button>
        <div className={`criteria-editor__sum ${ok ? "is-ok" : "is-bad"}`} role="status">
          <progress className="progress" max={LOT_LIMITS.weightSum} value={Math.min(sum, LOT_LIMITS.weightSum)} aria-hidden="true" />
          <span>{t(ok ? "criteria.sumOk" : "criteria.sumBad", { sum })}</span>
        </div>
      </div>
      <FieldErrors id={field.errorId} errors={field.errors} t={t} />
    </fieldset>
  );
}
