import { useTranslation } from "react-i18next";
import { useRootData } from "~/components/use-root-data";
import { formatFen } from "~/lib/money";
import { formatInstant } from "~/lib/time";
import { Countdown } from "./countdown";

export interface LotSummaryData {
  description: string;
  estimatedPriceFen: bigint | string | number;
  ceilingPriceFen: bigint | string | number;
  bondFen: bigint | string | number;
  qualification: string;
  evaluationMethod: string;
  criteria: { name: string; weight: number }[];
  decryptionWindowMinutes: number;
}

/** The terms of a lot, read-only (review, published lots): text as text nodes, money in exact fen. */
export function LotTerms({ lot }: { lot: LotSummaryData }) {
  const { t } = useTranslation("tenders");
  const { t: tu } = useTranslation("tenders-ui");
  const fen = (v: bigint | string | number) => formatFen(BigInt(v));
  return (
    <dl className="facts">
      <dt>{t("fields.estimatedPriceFen")}</dt>
      <dd className="mono">{fen(lot.estimatedPriceFen)}</dd>
      <dt>{t("fields.ceilingPriceFen")}</dt>
      <dd className="mono">{fen(lot.ceilingPriceFen)}</dd>
      <dt>{t("fields.bondFen")}</dt>
      <dd className="mono">{fen(lot.bondFen)}</dd>
      <dt>{t("fields.evaluationMethod")}</dt>
      <dd>
        {t(`evaluationMethods.${lot.evaluationMethod}`)}
        {lot.criteria.length ? <span className="muted"> — {lot.criteria.map((c) => t("detail.criteria", c)).join("；")}</span> : null}
      </dd>
      <dt>{t("fields.qualification")}</dt>
      <dd className="pre">{lot.qualification || tu("common.none")}</dd>
      <dt>{t("fields.description")}</dt>
      <dd className="pre">{lot.description || tu("common.none")}</dd>
      <dt>{t("fields.decryptionWindowMinutes")}</dt>
      <dd>{lot.decryptionWindowMinutes}</dd>
    </dl>
  );
}

/** Key instants in order with a live countdown to each one still ahead. */
/** `stopped`: the lot ended early (终止/流标) — instants still ahead no longer apply, so no countdown. */
export function LotTimeline({ timeline, stopped = false }: { timeline: { key: string; at: Date | string; passed: boolean }[]; stopped?: boolean }) {
  const { t } = useTranslation("tenders");
  const locale = useRootData()?.locale ?? "zh-CN";
  return (
    <ol className="timeline">
      {timeline.map((e) => (
        <li key={e.key} className={e.passed ? "is-past" : ""}>
          <span>
            <strong>{t(`timeline.${e.key}`)}</strong> {formatInstant(e.at, locale, "datetimeShort")}
          </span>
          {stopped && !e.passed ? <span className="muted">{t("timeline.moot")}</span> : <Countdown to={e.at} passedKey="countdown.past" />}
        </li>
      ))}
    </ol>
  );
}

/** Tender documents with size and SHA-256 (what bidders can verify their download against). */
export function DocumentList({
  documents,
  hrefOf,
}: {
  documents: { id: string; name: string; size: number; sha256: string }[];
  hrefOf?: (d: { id: string }) => string | null;
}) {
  const { t } = useTranslation("tenders-ui");
  if (!documents.length) return <p className="muted">{t("docs.none")}</p>;
  return (
    <ul className="doc-list">
      {documents.map((d) => {
        const href = hrefOf?.(d);
        return (
          <li key={d.id}>
            {href ? (
              <a href={href} download>
                {d.name}
              </a>
            ) : (
              <strong>{d.name}</strong>
            )}{" "}
            <span className="muted">（{t("docs.size", { kb: Math.max(1, Math.ceil(d.size / 1024)).toLocaleString("en-US") })}）</span>
            <div className="mono sha">SHA-256 {d.sha256}</div>
          </li>
        );
      })}
    </ul>
  );
}
