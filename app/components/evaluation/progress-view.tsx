import { useEffect } from "react";
import { useRevalidator } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { useRootData } from "~/components/use-root-data";
import type { EvaluationProgress } from "~/domain/evaluation/get-evaluation-progress";
import { formatFen } from "~/lib/money";
import { formatInstant } from "~/lib/time";

/** Re-reads the loader every few seconds while the page is visible: the evaluation is watched live. */
export function useLiveRevalidate(ms = 4000) {
  const { revalidate, state } = useRevalidator();
  useEffect(() => {
    const h = setInterval(() => {
      if (document.visibilityState === "visible" && state === "idle") revalidate();
    }, ms);
    return () => clearInterval(h);
  }, [revalidate, state, ms]);
}

/** Progress per member (seats; names only for supervisors), bids, ranking, deviations and alerts. */
export function EvaluationProgressView({ p }: { p: EvaluationProgress }) {
  const { t } = useTranslation("evaluation");
  const { t: ts } = useTranslation("supervision");
  const locale = useRootData()?.locale ?? "zh-CN";
  useLiveRevalidate();
  if (!p.session) return <p>{t("progress.notStarted", { n: p.confirmedExperts })}</p>;
  const s = p.session;
  return (
    <div className="evaluation" aria-live="polite">
      <p>
        {t("progress.stage")}：<strong data-testid="evaluation-stage">{t(`stage.${s.stage}`)}</strong> · {t("ws.due")} {formatInstant(s.dueAt, locale, "datetimeShort")}
        {s.extensions ? `（${t("ws.extensions", { n: s.extensions })}）` : ""} · <span className="muted">{t("progress.live")}</span>
      </p>
      {p.viewer === "staff" ? <p className="muted">{t("progress.secret")}</p> : null}
      <h2>{t("progress.members")}</h2>
      <DataTable
        wrapClassName="evaluation__grid-wrap"
        className="table progress-table"
        head={
          <>
            <th scope="col">{t("progress.seat")}</th>
            {p.viewer === "supervisor" ? <th scope="col">{t("progress.name")}</th> : null}
            <th scope="col">{t("progress.kind")}</th>
            <th scope="col">{t("progress.signedIn")}</th>
            <th scope="col">{t("progress.declaration")}</th>
            <th scope="col">{t("progress.sheet")}</th>
            <th scope="col">{t("progress.signature")}</th>
          </>
        }
      >
        {p.members.map((m, i) => (
          <tr key={i} className={m.status === "REMOVED" ? "muted" : undefined}>
            <td>
              {m.seat}
              {m.isChair ? ` · ${t("ws.chair")}` : ""}
              {m.replaces ? ` · ${t("progress.replaces")}` : ""}
            </td>
            {p.viewer === "supervisor" ? <td>{m.name}</td> : null}
            <td>{t(m.kind === "BUYER_REPRESENTATIVE" && p.profile === "GOVERNMENT_PROCUREMENT" ? "progress.BUYER_REPRESENTATIVE_procurement" : `progress.${m.kind}`)}</td>
            <td>{m.signedInAt ? formatInstant(m.signedInAt, locale, "time") : "—"}</td>
            <td>{m.status === "REMOVED" ? t("progress.removed") : m.declared === false ? "✓" : "—"}</td>
            <td>{m.sheet ? t(`progress.sheet_${m.sheet}`, { filled: m.filled, total: m.cellsTotal }) : "—"}</td>
            <td>
              {m.signature ? t(`progress.sig_${m.signature}`) : "—"}
              {m.dissent && p.viewer === "supervisor" ? `：${m.dissent}` : ""}
            </td>
          </tr>
        ))}
      </DataTable>
      <h2>{t("ws.bidsTitle")}</h2>
      <ul>
        {p.bids.map((b) => (
          <li key={b.ordinal}>
            {b.ordinal}. {b.bidderName} · {formatFen(BigInt(b.priceFen))} · {b.status === "REJECTED" ? t("ws.rejected") : t("ws.valid")}
            {b.flags.length ? ` · ${b.flags.map((f) => t(`ws.flag_${f}`)).join("、")}` : ""}
          </li>
        ))}
      </ul>
      {p.ranking ? (
        <>
          <h2>{t("progress.ranking")}</h2>
          <ol>
            {p.ranking.map((r) => (
              <li key={r.ordinal}>
                {p.bids.find((b) => b.ordinal === r.ordinal)?.bidderName} · {r.total ?? (r.evaluatedPriceFen ? formatFen(BigInt(r.evaluatedPriceFen)) : "")}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {p.viewer === "supervisor" ? (
        <>
          <h2>{t("progress.deviations")}</h2>
          {p.deviations.length === 0 ? <p className="muted">{t("progress.none")}</p> : null}
          <ul>
            {p.deviations.map((d, i) => (
              <li key={i}>
                {t("progress.seat")} {d.seat} · #{d.ordinal} · {d.criterionKey} · {(d.scoreX100 / 100).toFixed(2)} / {(d.medianX100 / 100).toFixed(2)}
              </li>
            ))}
          </ul>
          <h2>{t("progress.alerts")}</h2>
          <ul>
            {p.alerts.map((a) => (
              <li key={a.id}>{ts(a.messageCode.replace(/^supervision:/, ""), a.params)}</li>
            ))}
          </ul>
        </>
      ) : null}
      {s.reportSha256 ? (
        <p>
          {t("progress.report")} SHA-256: <code>{s.reportSha256}</code>
        </p>
      ) : null}
    </div>
  );
}
