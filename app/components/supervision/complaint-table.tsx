import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { useRootData } from "~/components/use-root-data";
import { formatInstant } from "~/lib/time";
import { ComplaintClock, statusBadge } from "./complaint-clock";

export interface ComplaintRow {
  id: string;
  status: string;
  filedAt: string;
  acceptDueAt: string;
  decisionDueAt: string | null;
  suspendedByOrder: boolean;
  lot: { id: string; title: string; project: { code: string } } | null;
}

/** The complaints list, shared by the supervisor's and the bidder's pages (base = link prefix). */
export function ComplaintTable({ rows, base }: { rows: ComplaintRow[]; base: string }) {
  const { t } = useTranslation("supervision");
  const locale = useRootData()?.locale ?? "zh-CN";
  if (rows.length === 0) return <p className="card muted">{t("complaints.empty")}</p>;
  return (
    <DataTable
      head={
        <>
          <th>{t("complaints.lot")}</th>
          <th>{t("complaints.statusLabel")}</th>
          <th>{t("complaints.filedAt")}</th>
          <th>{t("complaints.acceptDueAt")}</th>
          <th>{t("complaints.decisionDueAt")}</th>
        </>
      }
    >
      {rows.map((c) => (
        <tr key={c.id}>
          <td>
            <Link to={`${base}/${c.id}`}>{c.lot ? `${c.lot.project.code} · ${c.lot.title}` : c.id.slice(0, 8)}</Link>
          </td>
          <td>
            <span className={`badge ${statusBadge(c.status)}`}>{t(`complaints.status.${c.status}`)}</span>{" "}
            {c.suspendedByOrder ? <span className="badge badge--red">{t("complaints.suspended")}</span> : null}
          </td>
          <td>{formatInstant(c.filedAt, locale, "datetimeShort")}</td>
          <td>
            <ComplaintClock due={c.acceptDueAt} open={c.status === "RECEIVED"} />
          </td>
          <td>
            <ComplaintClock due={c.decisionDueAt} open={c.status === "ACCEPTED"} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
