import { Form, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { useRootData } from "~/components/use-root-data";
import { can } from "~/domain/accounts/permissions";
import { EXPORT_LIMITS } from "~/domain/supervision/export-limits";

/** Filter keys of the live log carried into an export link (the paging cursor and messages are not). */
const DROP = new Set(["before", "exportError"]);
const REFUSALS = new Set(["exportTooLarge", "exportEmpty", "exportFilterInvalid"]);

/**
 * Export of the live log's current filter: CSV (streamed) and Excel downloads, and a PDF with the chain
 * hashes rendered by the worker (its own progress page). A refused export comes back here with
 * ?exportError=<key> and is explained above the buttons.
 */
export function LogExportPanel() {
  const { t } = useTranslation("supervision");
  const root = useRootData();
  const [params] = useSearchParams();
  const nav = useNavigation();
  const role = root?.user?.role;
  if (!role || !can(role, "audit.log.export")) return null;
  const q = new URLSearchParams([...params].filter(([k, v]) => !DROP.has(k) && v !== ""));
  const query = q.toString();
  const refused = params.get("exportError");
  const fmt = (n: number) => n.toLocaleString("en-US");
  const max = params.get("exportFormat") === "csv" ? EXPORT_LIMITS.csv : params.get("exportFormat") === "xlsx" ? EXPORT_LIMITS.xlsx : EXPORT_LIMITS.pdf;
  return (
    <section className="card stack" aria-labelledby="log-export-title">
      <h2 id="log-export-title">{t("exports.title")}</h2>
      <p className="muted">
        {t("exports.lead")} {t("exports.bounds", { csv: fmt(EXPORT_LIMITS.csv), xlsx: fmt(EXPORT_LIMITS.xlsx), pdf: fmt(EXPORT_LIMITS.pdf) })}
      </p>
      {refused && REFUSALS.has(refused) ? (
        <div className="alert alert--error" role="alert">
          {t("exports.refused", { reason: t(`errors.${refused}`, { max: fmt(max) }) })}
        </div>
      ) : null}
      <div className="audit-filter__actions">
        <a className="btn btn--secondary" href={`/supervision/log/export.csv${query ? `?${query}` : ""}`}>
          {t("exports.csv")}
        </a>
        <a className="btn btn--secondary" href={`/supervision/log/export.xlsx${query ? `?${query}` : ""}`}>
          {t("exports.xlsx")}
        </a>
        <Form method="post" reloadDocument action={`/supervision/log/export.pdf${query ? `?${query}` : ""}`}>
          <CsrfInput />
          <button type="submit" className="btn btn--primary" disabled={nav.state !== "idle"}>
            {t("exports.pdf")}
          </button>
        </Form>
      </div>
    </section>
  );
}
