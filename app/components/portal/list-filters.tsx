import { useTranslation } from "react-i18next";

/** The public lists' shared filter fields and their error (tenders and announcements filter the same way). */

export function ProcurementTypeField({ value }: { value?: string | null }) {
  const { t } = useTranslation(["portal", "tenders"]);
  return (
    <div className="form-field">
      <label htmlFor="type">{t("list.type")}</label>
      <select id="type" name="type" defaultValue={value ?? ""}>
        <option value="">{t("list.any")}</option>
        <option value="CONSTRUCTION">{t("tenders:procurementTypes.CONSTRUCTION")}</option>
        <option value="GOVERNMENT_PROCUREMENT">{t("tenders:procurementTypes.GOVERNMENT_PROCUREMENT")}</option>
      </select>
    </div>
  );
}

/** Published from / to (calendar days). */
export function DateRangeFields({ from, to }: { from?: string | null; to?: string | null }) {
  const { t } = useTranslation("portal");
  return (
    <>
      <div className="form-field">
        <label htmlFor="from">{t("list.from")}</label>
        <input id="from" name="from" type="date" defaultValue={from ?? ""} />
      </div>
      <div className="form-field">
        <label htmlFor="to">{t("list.to")}</label>
        <input id="to" name="to" type="date" defaultValue={to ?? ""} />
      </div>
    </>
  );
}

/** A filter the list could not apply, named by its field. */
export function FilterError({ error }: { error?: { field: string } | null }) {
  const { t } = useTranslation("portal");
  if (!error) return null;
  return (
    <div className="alert alert--error" role="alert">
      {t("list.invalidFilter", { field: t(`fieldNames.${error.field}`, { defaultValue: error.field }) })}
    </div>
  );
}
