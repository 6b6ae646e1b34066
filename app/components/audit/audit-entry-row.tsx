import { Fragment, useState } from "react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { useRootData } from "~/components/use-root-data";
import { describeEntry } from "~/domain/audit/describe-entry";
import type { AuditEntryView } from "~/domain/audit/list-audit-entries";
import { formatInstant, formatShanghai } from "~/lib/time";

/** One log entry: a summary row and, when expanded, every recorded fact including its chain position. */
export function AuditEntryRow({ e, fresh }: { e: AuditEntryView; fresh?: boolean }) {
  const { t } = useTranslation(["audit", "common"]);
  const [open, setOpen] = useState(false);
  const detailId = `audit-entry-${e.id}`;
  const locale = useRootData()?.locale ?? "zh-CN";
  const w = describeEntry(e, t, (iso) => formatInstant(iso, locale));
  return (
    <>
      <tr className={fresh ? "audit-row audit-row--fresh" : "audit-row"}>
        <td data-label={t("audit:log.cols.at")} className="mono">
          <time dateTime={e.at}>{formatShanghai(new Date(e.at), "yyyy-MM-dd HH:mm:ss.SSS")}</time>
        </td>
        <td data-label={t("audit:log.cols.actor")}>
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
        <td data-label={t("audit:log.cols.org")}>{e.orgName ?? (e.actorOrgId ? <span className="mono">{e.actorOrgId.slice(0, 8)}</span> : "—")}</td>
        <td data-label={t("audit:log.cols.action")}>
          <strong>{w.action}</strong>
          <div className="muted mono audit-small">{e.action}</div>
          {w.fields.length ? (
            <dl className="audit-fields audit-small">
              {w.fields.slice(0, 4).map((f) => (
                <div key={f.key}>
                  <dt>{f.label}</dt>
                  <dd>{f.value}</dd>
                </div>
              ))}
            </dl>
          ) : null}
        </td>
        <td data-label={t("audit:log.cols.entity")} className="audit-small">{w.entity}</td>
        <td data-label={t("audit:log.cols.seq")} className="mono audit-small">
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
              {w.fields.map((f) => (
                <Fragment key={f.key}>
                  <dt>{f.label}</dt>
                  <dd>{f.value}</dd>
                </Fragment>
              ))}
              <dt>{t("audit:log.fields.entity")}</dt>
              <dd>
                {w.entity} <span className="mono muted">{e.entityType} {e.entityId}</span>
              </dd>
              <dt>{t("audit:log.raw")}</dt>
              <dd>
                <details>
                  <summary>JSON</summary>
                  <pre className="audit-json">{JSON.stringify(e.detail, null, 2)}</pre>
                </details>
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
    <DataTable
      className="table audit-table"
      caption={caption ? <caption className="visually-hidden">{caption}</caption> : null}
      head={
        <>
          <th scope="col">{t("audit:log.cols.at")}</th>
          <th scope="col">{t("audit:log.cols.actor")}</th>
          <th scope="col">{t("audit:log.cols.org")}</th>
          <th scope="col">{t("audit:log.cols.action")}</th>
          <th scope="col">{t("audit:log.cols.entity")}</th>
          <th scope="col">{t("audit:log.cols.seq")}</th>
          <th scope="col">
            <span className="visually-hidden">{t("audit:log.cols.details")}</span>
          </th>
        </>
      }
    >
      {rows.map((e) => (
        <AuditEntryRow key={e.id} e={e} fresh={fresh?.has(e.id)} />
      ))}
    </DataTable>
  );
}
