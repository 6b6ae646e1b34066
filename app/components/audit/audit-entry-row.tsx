import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AuditEntryView } from "~/domain/audit/list-audit-entries";
import { formatShanghai } from "~/lib/time";

/** One log entry: a summary row and, when expanded, every recorded fact including its chain position. */
export function AuditEntryRow({ e, fresh }: { e: AuditEntryView; fresh?: boolean }) {
  const { t } = useTranslation(["audit", "common"]);
  const [open, setOpen] = useState(false);
  const detailId = `audit-entry-${e.id}`;
  return (
    <>
      <tr className={fresh ? "audit-row audit-row--fresh" : "audit-row"}>
        <td className="mono">
          <time dateTime={e.at}>{formatShanghai(new Date(e.at), "yyyy-MM-dd HH:mm:ss.SSS")}</time>
        </td>
        <td>
          {e.actorId ? (
            <>
              {e.actorName ?? <span className="mono">{e.actorId.slice(0, 8)}</span>}
              <div className="muted audit-small">{t(`common:roles.${e.actorRole}`, { defaultValue: e.actorRole })}</div>
            </>
          ) : (
            // No account behind it: the worker (系统) or an anonymous visitor (访客, e.g. a failed sign-in).
            t(`common:roles.${e.actorRole}`, { defaultValue: t("audit:log.nobody") })
          )}
        </td>
        <td>{e.orgName ?? (e.actorOrgId ? <span className="mono">{e.actorOrgId.slice(0, 8)}</span> : "—")}</td>
        <td>
          <span className="mono">{e.action}</span>
          <div className="muted audit-small">{t(`audit:actions.${e.action}`, { defaultValue: "" })}</div>
        </td>
        <td className="mono audit-small">
          {e.entityType}
          <br />
          {e.entityId}
        </td>
        <td className="mono audit-small">
          {e.seq ? `#${e.seq}` : <span className="badge badge--amber">{t("audit:log.sealing")}</span>}
        </td>
        <td>
          <button
            type="button"
            className="btn btn--secondary audit-toggle"
            aria-expanded={open}
            aria-controls={detailId}
            onClick={() => setOpen((o) => !o)}
          >
            {open ? t("audit:log.collapse") : t("audit:log.expand")}
          </button>
        </td>
      </tr>
      {open ? (
        <tr id={detailId} className="audit-detail">
          <td colSpan={7}>
            <dl className="audit-facts">
              <dt>{t("audit:log.fields.seq")}</dt>
              <dd className="mono">{e.seq ?? t("audit:log.sealing")}</dd>
              <dt>{t("audit:log.fields.hash")}</dt>
              <dd className="mono audit-hash">{e.hash ?? t("audit:log.sealing")}</dd>
              <dt>{t("audit:log.fields.prevHash")}</dt>
              <dd className="mono audit-hash">{e.prevHash ?? "—"}</dd>
              <dt>{t("audit:log.fields.beforeDigest")}</dt>
              <dd className="mono audit-hash">{e.beforeDigest ?? "—"}</dd>
              <dt>{t("audit:log.fields.afterDigest")}</dt>
              <dd className="mono audit-hash">{e.afterDigest ?? "—"}</dd>
              <dt>{t("audit:log.fields.ip")}</dt>
              <dd className="mono">{e.ip || "—"}</dd>
              <dt>{t("audit:log.fields.userAgent")}</dt>
              <dd className="audit-small">{e.userAgent || "—"}</dd>
              <dt>{t("audit:log.fields.entryId")}</dt>
              <dd className="mono">{e.id}</dd>
              <dt>{t("audit:log.fields.detail")}</dt>
              <dd>
                <pre className="audit-json">{JSON.stringify(e.detail, null, 2)}</pre>
              </dd>
            </dl>
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** The log's table (live console and the observer's recent entries): header once, one AuditEntryRow each. */
export function AuditEntryTable({ rows, fresh, caption }: { rows: AuditEntryView[]; fresh?: ReadonlySet<string>; caption?: string }) {
  const { t } = useTranslation(["audit", "common"]);
  return (
    <div className="table-wrap">
      <table className="table audit-table">
        {caption ? <caption className="visually-hidden">{caption}</caption> : null}
        <thead>
          <tr>
            <th scope="col">{t("audit:log.cols.at")}</th>
            <th scope="col">{t("audit:log.cols.actor")}</th>
            <th scope="col">{t("audit:log.cols.org")}</th>
            <th scope="col">{t("audit:log.cols.action")}</th>
            <th scope="col">{t("audit:log.cols.entity")}</th>
            <th scope="col">{t("audit:log.cols.seq")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("audit:log.cols.details")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <AuditEntryRow key={e.id} e={e} fresh={fresh?.has(e.id)} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
