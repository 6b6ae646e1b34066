import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useRootData } from "~/components/use-root-data";
import { formatInstant } from "~/lib/format";

const INSTANTS = new Set(["dueAt", "bidDeadline", "publicityEndsAt", "at"]);
const ids = (v: string | number) => String(v).split(",").filter(Boolean);

/**
 * An alert's evidence (Alert.params) as readable facts: instants in Shanghai time, ids as links to where
 * the supervisor can check them (the lot, the log filtered on the entity, the complaint).
 */
export function AlertEvidence({ params, orgNames = {} }: { params: Record<string, string | number>; orgNames?: Record<string, string> }) {
  const { t } = useTranslation("supervision");
  const locale = useRootData()?.locale ?? "zh-CN";
  const entries = Object.entries(params).filter(([, v]) => v !== "" && v !== null && v !== undefined);
  if (entries.length === 0) return null;
  const value = (k: string, v: string | number) => {
    if (INSTANTS.has(k)) return formatInstant(String(v), locale, "datetime");
    if (k === "reason") return t(`alerts.reasons.${v}`, { defaultValue: String(v) });
    if (k === "complaintId") return <Link to={`/supervision/complaints/${v}`}>{String(v).slice(0, 8)}</Link>;
    if (k === "objectionId") return <Link to={`/supervision/log?entityType=Objection&entityId=${v}`}>{String(v).slice(0, 8)}</Link>;
    if (k === "auditEntryId") return <Link to={`/supervision/log?before=${BigInt(String(v)) + 1n}`}>#{String(v)}</Link>;
    if (k === "actorId") return <Link to={`/supervision/log?actor=${v}`}>{String(v).slice(0, 8)}</Link>;
    if (k === "bidIds")
      return ids(v).map((id, i) => (
        <span key={id}>
          {i > 0 ? "、" : null}
          <Link to={`/supervision/log?entityType=Bid&entityId=${id}`} className="mono">
            {id.slice(0, 8)}
          </Link>
        </span>
      ));
    if (k === "orgIds")
      return ids(v).map((id, i) => (
        <span key={id}>
          {i > 0 ? "、" : null}
          <Link to={`/supervision/log?org=${id}`} className={orgNames[id] ? undefined : "mono"}>
            {orgNames[id] ?? id.slice(0, 8)}
          </Link>
        </span>
      ));
    return <span className={k === "sha256" || k === "ip" || k === "deviceId" || k === "account" ? "mono" : undefined}>{String(v)}</span>;
  };
  return (
    <dl className="facts sv-evidence">
      {entries.map(([k, v]) => (
        <div key={k} className="sv-evidence__row">
          <dt>{t(`alerts.facts.${k}`, { defaultValue: k })}</dt>
          <dd>{value(k, v)}</dd>
        </div>
      ))}
    </dl>
  );
}
