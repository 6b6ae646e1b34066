import { useTranslation } from "react-i18next";
import { useRootData } from "~/components/use-root-data";
import { formatInstant } from "~/lib/time";
import { ComplaintClock, statusBadge } from "./complaint-clock";

export interface ComplaintView {
  complaint: {
    id: string;
    status: string;
    grounds: string;
    matter?: string;
    knewAt: string | Date;
    filedAt: string | Date;
    acceptDueAt: string | Date;
    decisionDueAt: string | Date | null;
    acceptedAt?: string | Date | null;
    decidedAt?: string | Date | null;
    rejectionReason: string | null;
    decision: string | null;
    documentId: string | null;
    suspendedByOrder: boolean;
  };
  lot: { id: string; title: string; status: string; project: { code: string; title: string } } | null;
  complainantName: string;
}

const iso = (d: string | Date | null | undefined) => (d == null ? null : typeof d === "string" ? d : d.toISOString());

/** A complaint's facts, grounds, clocks and outcome (read-only; both sides use it). */
export function ComplaintDetails({ v }: { v: ComplaintView }) {
  const { t } = useTranslation("supervision");
  const locale = useRootData()?.locale ?? "zh-CN";
  const c = v.complaint;
  return (
    <section className="card stack">
      <p>
        <span className={`badge ${statusBadge(c.status)}`}>{t(`complaints.status.${c.status}`)}</span>{" "}
        {c.suspendedByOrder ? <span className="badge badge--red">{t("complaints.suspended")}</span> : null}
      </p>
      <dl className="sv-facts">
        <dt>{t("complaints.lot")}</dt>
        <dd>{v.lot ? `${v.lot.project.code} · ${v.lot.project.title}（${v.lot.title}）` : "—"}</dd>
        <dt>{t("complaints.complainant")}</dt>
        <dd>{v.complainantName}</dd>
        {c.matter ? (
          <>
            <dt>{t("complaints.matter")}</dt>
            <dd>{t(`complaints.matters.${c.matter}`, { defaultValue: c.matter })}</dd>
          </>
        ) : null}
        <dt>{t("complaints.knewAt")}</dt>
        <dd>{formatInstant(iso(c.knewAt)!, locale, "datetimeShort")}</dd>
        <dt>{t("complaints.filedAt")}</dt>
        <dd>{formatInstant(iso(c.filedAt)!, locale, "datetimeShort")}</dd>
        <dt>{t("complaints.acceptDueAt")}</dt>
        <dd>
          <ComplaintClock due={iso(c.acceptDueAt)} open={c.status === "RECEIVED"} doneAt={iso(c.acceptedAt)} />
        </dd>
        <dt>{t("complaints.decisionDueAt")}</dt>
        <dd>
          <ComplaintClock due={iso(c.decisionDueAt)} open={c.status === "ACCEPTED"} doneAt={iso(c.decidedAt)} />
        </dd>
      </dl>
      <h2>{t("complaints.grounds")}</h2>
      <p className="sv-pre">{c.grounds}</p>
      {c.rejectionReason ? (
        <>
          <h2>{t("complaints.rejectionReason")}</h2>
          <p className="sv-pre">{c.rejectionReason}</p>
        </>
      ) : null}
      {c.decision ? (
        <>
          <h2>{t("complaints.decision")}</h2>
          <p className="sv-pre">{c.decision}</p>
          {c.documentId ? (
            <p>
              <a className="btn btn--secondary" href={`/documents/${c.documentId}?download=1`} download>
                {t("complaints.decisionPdf")}
              </a>
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
