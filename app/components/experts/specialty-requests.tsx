import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { DataTable } from "~/components/data-table";
import { useRootData } from "~/components/use-root-data";
import { formatInstant } from "~/lib/time";

export interface SpecialtyRequestRow {
  id: string;
  codes: string[];
  note: string;
  createdAt: string | Date;
  expertCode: string;
  expertName: string;
  current: string[];
}

/**
 * /staff/experts: experts' pending specialty-change requests. "Apply" changes the specialties through the
 * audited staff write (setExpertSpecialties' transaction body); "reject" needs a reason the expert sees.
 */
export function SpecialtyRequests({ rows, error, busy }: { rows: SpecialtyRequestRow[]; error?: string; busy: boolean }) {
  const { t } = useTranslation("draw-ui");
  const locale = useRootData()?.locale ?? "zh-CN";
  return (
    <section className="panel" aria-labelledby="requests-h" id="requests">
      <h2 id="requests-h">
        {t("experts.requestsTitle")} ({rows.length})
      </h2>
      <FormAlert errors={error ? [error] : undefined} />
      {rows.length === 0 ? (
        <p className="muted">{t("experts.requestsEmpty")}</p>
      ) : (
        <DataTable
          head={
            <>
              <th>{t("experts.requestExpert")}</th>
              <th>{t("experts.requestCurrent")}</th>
              <th>{t("experts.requestAsked")}</th>
              <th>{t("experts.requestNote")}</th>
              <th>{t("experts.requestAt")}</th>
              <th />
            </>
          }
        >
          {rows.map((r) => (
            <tr key={r.id}>
              <td>
                <span className="mono">{r.expertCode}</span> {r.expertName}
              </td>
              <td className="mono">{r.current.join(" ")}</td>
              <td className="mono">{r.codes.join(" ")}</td>
              <td>{r.note}</td>
              <td>{formatInstant(r.createdAt, locale, "datetimeShort")}</td>
              <td>
                <Form method="post" className="draw-filter">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="decideRequest" />
                  <input type="hidden" name="requestId" value={r.id} />
                  <div className="form-field">
                    <label htmlFor={`note-${r.id}`}>{t("experts.rejectReason")}</label>
                    <input id={`note-${r.id}`} name="note" type="text" maxLength={300} />
                  </div>
                  <button type="submit" name="decision" value="apply" className="btn btn--primary btn--small" disabled={busy}>
                    {t("experts.apply")}
                  </button>
                  <button type="submit" name="decision" value="reject" className="btn btn--danger btn--small" disabled={busy}>
                    {t("experts.reject")}
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
