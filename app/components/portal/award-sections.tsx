import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import type { PublicAward } from "~/domain/award/get-public-award";
import { formatFen } from "~/lib/money";
import { formatCalendarDate, formatInstant } from "~/lib/time";

/**
 * The public face of the award phase on the tender page: 中标候选人公示 (#candidates), 中标结果 (#result) and
 * the contract (#contract), each only once announced. Amounts in yuan; 政府采购 results name the committee.
 */
export function AwardSections({ award, locale }: { award: PublicAward; locale: string }) {
  const { t } = useTranslation("award");
  const when = (x: Date | string) => formatInstant(x, locale, "datetimeShort");
  return (
    <>
      {award.candidates ? (
        <section className="panel" id="candidates" aria-labelledby="candidates-h">
          <h2 id="candidates-h">{t("public.candidates")}</h2>
          <p className="muted">{t("public.period", { from: when(award.candidates.startsAt), to: when(award.candidates.endsAt) })}</p>
          <DataTable
            testId="public-candidates"
            head={
              <>
                <th scope="col">{t("ui.rank")}</th>
                <th scope="col">{t("ui.bidder")}</th>
                <th scope="col">{t("ui.price")}</th>
                <th scope="col">{award.candidates.method === "COMPREHENSIVE" ? t("ui.score") : t("ui.evaluatedPrice")}</th>
              </>
            }
          >
            {award.candidates.rows.map((r) => (
              <tr key={r.rank}>
                <td>{r.rank}</td>
                <td>{r.bidderName}</td>
                <td className="num">{formatFen(BigInt(r.bidPriceFen))}</td>
                <td className="num">{r.totalScore ?? (r.evaluatedPriceFen !== null ? formatFen(BigInt(r.evaluatedPriceFen)) : "—")}</td>
              </tr>
            ))}
          </DataTable>
        </section>
      ) : null}
      {award.result ? (
        <section className="panel" id="result" aria-labelledby="result-h">
          <h2 id="result-h">{t("public.result")}</h2>
          <dl className="facts award-facts" data-testid="public-result">
            <dt>{t("public.winner")}</dt>
            <dd>{award.result.winnerName}</dd>
            <dt>{t("public.price")}</dt>
            <dd>{formatFen(BigInt(award.result.priceFen))}</dd>
            <dt>{t("public.decidedAt")}</dt>
            <dd>{when(award.result.decidedAt)}</dd>
            {award.result.notFirstReason ? (
              <>
                <dt>{t("public.notFirst")}</dt>
                <dd>{award.result.notFirstReason}</dd>
              </>
            ) : null}
            {award.result.committee ? (
              <>
                <dt>{t("public.committee")}</dt>
                <dd>{award.result.committee.join("、")}</dd>
              </>
            ) : null}
          </dl>
        </section>
      ) : null}
      {award.contract ? (
        <section className="panel" id="contract" aria-labelledby="contract-h">
          <h2 id="contract-h">{t("public.contract")}</h2>
          <dl className="facts award-facts" data-testid="public-contract">
            <dt>{t("ui.amount")}</dt>
            <dd>{formatFen(BigInt(award.contract.amountFen))}</dd>
            <dt>{t("ui.signedOn")}</dt>
            <dd>{formatInstant(award.contract.signedAt, locale, "date")}</dd>
            <dt>{t("ui.term")}</dt>
            <dd>
              {formatCalendarDate(award.contract.startsOn, locale)} – {formatCalendarDate(award.contract.endsOn, locale)}
            </dd>
            <dt>SHA-256</dt>
            <dd className="hash">{award.contract.sha256}</dd>
            {award.contract.filedAt ? (
              <>
                <dt>{t("public.filing")}</dt>
                <dd>{t("public.filedOn", { on: formatInstant(award.contract.filedAt, locale, "date") })}</dd>
              </>
            ) : null}
            {award.contract.document?.public ? (
              <>
                <dt>{t("public.file")}</dt>
                <dd>
                  <a href={`/documents/${award.contract.document.id}`}>{t("public.download")}</a>
                </dd>
              </>
            ) : null}
            {award.archive ? (
              <>
                <dt>{t("public.archived")}</dt>
                <dd>{t("ui.retention", { until: formatCalendarDate(award.archive.retentionUntil, locale) })}</dd>
              </>
            ) : null}
          </dl>
        </section>
      ) : null}
    </>
  );
}
