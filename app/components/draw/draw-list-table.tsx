import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { DrawStatusBadge } from "~/components/draw/draw-summary";
import { MajorBadge } from "~/components/social/major-badge";
import { useRootData } from "~/components/use-root-data";
import { formatInstant } from "~/lib/time";

export interface DrawListRow {
  id: string;
  lotLabel: string;
  kind: string;
  seq: number;
  evaluationAt: string | Date;
  evaluationPlace: string;
  seats: number;
  status: string;
  requestedAt: string | Date;
  commitment: string;
  major?: boolean;
}

/**
 * The draws list of staff and supervisors: same columns, each role's detail link; the last column is the
 * request time for staff and the seed commitment for supervisors (who check it against the proof).
 */
export function DrawListTable({ rows, hrefBase, last }: { rows: DrawListRow[]; hrefBase: string; last: "requestedAt" | "commitment" }) {
  const { t } = useTranslation("draw-ui");
  const { t: te } = useTranslation("experts");
  const locale = useRootData()?.locale ?? "zh-CN";
  return (
    <DataTable
      head={
        <>
          <th>{t("common.lot")}</th>
          <th>{t("common.draw")}</th>
          <th>{t("common.evaluation")}</th>
          <th className="num">{t("common.seats")}</th>
          <th>{t("common.status")}</th>
          <th>{t(`common.${last}`)}</th>
        </>
      }
    >
      {rows.map((d) => (
        <tr key={d.id}>
          <td>
            <Link to={`${hrefBase}/${d.id}`}>{d.lotLabel}</Link> {d.major ? <MajorBadge /> : null}
          </td>
          <td>
            {te(`kind.${d.kind}`)} #{d.seq}
          </td>
          <td>
            {formatInstant(d.evaluationAt, locale, "datetimeShort")} · {d.evaluationPlace}
          </td>
          <td className="num">{d.seats}</td>
          <td>
            <DrawStatusBadge status={d.status} />
          </td>
          <td>
            {last === "commitment" ? (
              <code className="hash">{d.commitment.slice(0, 16)}…</code>
            ) : (
              formatInstant(d.requestedAt, locale, "datetimeShort")
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
