import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useRootData } from "~/components/use-root-data";
import { formatFen } from "~/lib/money";
import { formatInstant } from "~/lib/time";

const INSTANTS = new Set(["dueAt", "bidDeadline", "publicityEndsAt", "at", "notifiedAt"]);
const MONO = new Set(["sha256", "ip", "deviceId", "account", "pdfId", "expertCode", "tailDigits"]);
const ids = (v: string | number) => String(v).split(",").filter(Boolean);

/**
 * An alert's evidence (Alert.params) as readable facts: instants in Shanghai time, amounts in yuan, ids as
 * links to where the supervisor can check them (the lot, the log filtered on the entity, the complaint,
 * the draw). With `kind`, the rule's explanation (alerts.explain.<kind>) comes first when there is one.
 */
export function AlertEvidence({
  params,
  orgNames = {},
  actors = {},
  kind,
}: {
  params: Record<string, string | number>;
  orgNames?: Record<string, string>;
  /** actorId → display name and organisation (listAlerts). */
  actors?: Record<string, { name: string; org: string }>;
  kind?: string;
}) {
  const { t } = useTranslation("supervision");
  const locale = useRootData()?.locale ?? "zh-CN";
  const entries = Object.entries(params).filter(([, v]) => v !== "" && v !== null && v !== undefined);
  if (entries.length === 0) return null;
  const value = (k: string, v: string | number) => {
    if (INSTANTS.has(k)) return formatInstant(String(v), locale, "datetime");
    if (k === "reason") return t(`alerts.reasons.${v}`, { defaultValue: String(v) });
    // Codes the app has words for: a lot's status, a log action.
    if (k === "status" && /^[A-Z_]+$/.test(String(v))) return t(`tenders:statuses.${v}`, { defaultValue: String(v) });
    if (k === "action" && /^[a-z_]+(?:\.[a-z_]+)+$/.test(String(v))) return t(`audit:actions.${v}`, { defaultValue: String(v) });
    if (k === "pricesFen")
      return ids(v).map((fen, i, all) => (
        <span key={`${fen}-${i}`} style={{ whiteSpace: "nowrap" }}>
          {formatFen(BigInt(fen))}
          {i < all.length - 1 ? "、" : null}
        </span>
      ));
    if (k === "stepFen") return formatFen(BigInt(String(v)));
    if (k === "memberStatus") return t(`alerts.memberStatus.${v}`, { defaultValue: String(v) });
    if (k === "drawId") return <Link to={`/supervision/draws/${v}`} className="mono">{String(v).slice(0, 8)}</Link>;
    if (k === "complaintId") return <Link to={`/supervision/complaints/${v}`}>{String(v).slice(0, 8)}</Link>;
    if (k === "objectionId") return <Link to={`/supervision/log?entityType=Objection&entityId=${v}`}>{String(v).slice(0, 8)}</Link>;
    // The entry's position in the log (AuditEntry.id); anything else is shown as recorded, never thrown on.
    if (k === "auditEntryId") return /^\d{1,19}$/.test(String(v)) ? <Link to={`/supervision/log?before=${BigInt(String(v)) + 1n}`}>#{String(v)}</Link> : `#${String(v)}`;
    if (k === "actorId") {
      const who = actors[String(v)];
      return (
        <Link to={`/supervision/log?actor=${v}`} className={who ? undefined : "mono"}>
          {who ? t("alerts.actorOf", { name: who.name, org: who.org }) : String(v).slice(0, 8)}
        </Link>
      );
    }
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
    return <span className={MONO.has(k) ? "mono" : undefined}>{String(v)}</span>;
  };
  const explanation = kind ? t(`alerts.explain.${kind}`, { defaultValue: "" }) : "";
  return (
    <>
      {explanation ? <p className="sv-evidence__why muted">{explanation}</p> : null}
      <dl className="facts sv-evidence">
        {entries.map(([k, v]) => (
          <div key={k} className="sv-evidence__row">
            <dt>{t(`alerts.facts.${k}`, { defaultValue: k })}</dt>
            <dd>{value(k, v)}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}
