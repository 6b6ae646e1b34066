import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { useRootData } from "~/components/use-root-data";
import type { getBidderAward } from "~/domain/award/get-bidder-award";
import { formatFen } from "~/lib/money";
import { formatCalendarDate, formatInstant } from "~/lib/time";

type BidderAward = NonNullable<Awaited<ReturnType<typeof getBidderAward>>>;

/** The bidder's award phase: objection to the result during the publicity, its own notice, its bond refund. */
export function BidderAwardSection({ award, busy }: { award: BidderAward; busy: boolean }) {
  const { t } = useTranslation("award");
  const locale = useRootData()?.locale ?? "zh-CN";
  const when = (x: Date | string) => formatInstant(x, locale, "datetimeShort");
  return (
    <section className="panel" aria-labelledby="award-b-h" data-testid="bidder-award">
      <h2 id="award-b-h">{t("bidder.title")}</h2>
      {award.publicity ? <p>{t("public.period", { from: when(award.publicity.startsAt), to: when(award.publicity.endsAt) })}</p> : null}
      {award.objections.map((o) => (
        <div key={o.id} className="qa-item">
          <p className="qa-item__q">{o.text}</p>
          {o.answer ? <p className="qa-item__a">{o.answer}</p> : <p className="muted">{t("bidder.awaitingAnswer")}</p>}
        </div>
      ))}
      {award.canObject ? (
        <Form method="post" className="form">
          <CsrfInput />
          <div className="form-field">
            <label htmlFor="result-objection">{t("bidder.objectLabel")}</label>
            <textarea id="result-objection" name="text" rows={3} />
          </div>
          <button className="btn" name="intent" value="objectResult" disabled={busy}>
            {t("bidder.object")}
          </button>
        </Form>
      ) : null}
      {award.notice ? (
        <p data-testid="own-notice">
          {t(`ui.noticeKind.${award.notice.kind}`)}：
          {award.notice.documentId ? <a href={`/documents/${award.notice.documentId}`}>{award.notice.number}</a> : <span className="muted">{t("ui.rendering")}</span>}{" "}
          {award.notice.kind === "RESULT"
            ? award.notice.rejectionReason
              ? t("ui.rejectedBecause", { reason: award.notice.rejectionReason })
              : t("ui.rankScore", { rank: award.notice.rank, score: award.notice.totalScore ?? "—" })
            : null}
        </p>
      ) : null}
      {award.refund ? (
        <p data-testid="own-refund">
          {award.refund.refundedOn
            ? t("ui.refunded", { on: formatCalendarDate(award.refund.refundedOn, locale), amount: formatFen(BigInt(award.refund.refundedFen ?? 0)), ref: award.refund.reference })
            : t("bidder.refundDue", { amount: formatFen(BigInt(award.refund.bondFen) + BigInt(award.refund.interestFen)), due: when(award.refund.dueAt) })}
        </p>
      ) : null}
    </section>
  );
}
