import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SelfTest } from "~/components/bids/self-test";
import { CsrfInput } from "~/components/csrf-input";
import { useRootData } from "~/components/use-root-data";
import { getOwnBid } from "~/domain/bids/get-own-bid";
import { withdrawBid } from "~/domain/bids/withdraw-bid";
import { formatFingerprint } from "~/domain/crypto";
import { requirePermission } from "~/lib/auth.server";
import { readForm } from "~/lib/csrf.server";
import { formatFen } from "~/lib/money";
import { formatInstant } from "~/lib/time";
import { orHttp, withDomainErrors } from "~/lib/http.server";
import { pageTitle } from "~/lib/i18n";
import type { TFunction } from "i18next";
import bidsCss from "~/components/bids/bids.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: bidsCss }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "bids:bid.title");

/** /bidder/bids/:bidId — one of the company's bids: receipts, bond, withdraw, decryption self-test. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "bid.submit");
  return orHttp(async () => {
    const { bid, bond, receipts, lot } = await getOwnBid(actor, { bidId: params.bidId ?? "" });
    const { storageKey: _internal, ...pub } = bid;
    return { bid: pub, bond, receipts, lot };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "bid.withdraw");
  return withDomainErrors(
    request,
    async () => {
      await readForm(request);
      const r = await withdrawBid(actor, { bidId: params.bidId ?? "" });
      return { ok: true as const, receiptId: r.receiptId };
    },
    ["bids", "common"],
  );
}

export default function BidPage() {
  const { bid, bond, receipts, lot } = useLoaderData<typeof loader>();
  const res = useActionData<typeof action>() as { ok?: true; error?: { message: string } } | undefined;
  const { t } = useTranslation("bids");
  const locale = useRootData()?.locale ?? "zh-CN";
  const busy = useNavigation().state !== "idle";
  const open = bid.status === "ACTIVE" && lot && lot.status === "PUBLISHED";
  return (
    <div className="container section stack">
      <p className="muted"><Link to="/bidder">{t("workspace.title")}</Link></p>
      <h1>{t("bid.title")} <span className="badge" data-testid="bid-status">{t(`statuses.${bid.status}`)}</span></h1>
      {lot ? <p><strong>{lot.projectTitle}（{lot.title}）</strong> — {t("workspace.deadline")}：{formatInstant(lot.bidDeadline, locale)}</p> : null}
      <div className="table-wrap">
        <table className="table">
          <tbody>
            <tr><th scope="row">{t("receipt.bidId")}</th><td className="mono">{bid.id}</td></tr>
            <tr><th scope="row">{t("workspace.submittedAt")}</th><td>{formatInstant(bid.submittedAt, locale)}</td></tr>
            <tr><th scope="row">{t("receipt.ciphertextSha256")}</th><td className="mono">{bid.ciphertextSha256}</td></tr>
            <tr><th scope="row">{t("receipt.plaintextSha256")}</th><td className="mono">{bid.plaintextSha256}</td></tr>
            <tr><th scope="row">{t("receipt.keyFingerprint")}</th><td className="mono">{formatFingerprint(bid.keyFingerprint)}</td></tr>
            <tr><th scope="row">{t("receipt.size")}</th><td>{bid.size}</td></tr>
            {bond ? <tr><th scope="row">{t("bid.bond")}</th><td>{t(`bondMethods.${bond.method}`)} · {formatFen(BigInt(bond.amountFen))} · {bond.payerAccount ?? bond.guaranteeNo}</td></tr> : null}
            <tr><th scope="row">{t("bid.lastSelfTest")}</th><td>{bid.selfTestAt ? `${formatInstant(bid.selfTestAt, locale)} — ${selfTestText(t, bid.selfTestResult)}` : "—"}</td></tr>
          </tbody>
        </table>
      </div>
      <section aria-labelledby="rc-h" className="stack">
        <h2 id="rc-h">{t("bid.receipts")}</h2>
        <ul className="link-list">
          {receipts.map((r) => (
            <li key={r.receiptId}><Link to={`/receipts/${r.receiptId}`}>{r.receiptNumber}</Link> — {t(`receiptKinds.${r.kind}`)} — {formatInstant(r.issuedAt, locale)}</li>
          ))}
        </ul>
      </section>
      {res?.error ? <div className="alert alert--error" role="alert">{res.error.message}</div> : null}
      {res?.ok ? <div className="alert alert--success" role="status">{t("bid.withdrawn")}</div> : null}
      {open ? (
        <Form method="post" onSubmit={(e) => { if (!confirm(t("bid.withdrawConfirm"))) e.preventDefault(); }}>
          <CsrfInput />
          <button type="submit" className="btn btn--danger" disabled={busy}>{t("bid.withdraw")}</button>
        </Form>
      ) : null}
      {bid.status !== "WITHDRAWN" ? (
        <section className="card bid-card"><SelfTest bidId={bid.id} plaintextSha256={bid.plaintextSha256} ciphertextSha256={bid.ciphertextSha256} /></section>
      ) : null}
    </div>
  );
}

/** The recorded outcome in words: "ok", or the i18n key of the error the bidder's browser met (e.g. wrong passphrase). */
function selfTestText(t: TFunction, result: string | null): string {
  if (result === "ok") return t("bid.selfTestPassed");
  const reason = result && /^[a-z-]+:[\w.]+$/i.test(result) ? t(result, { defaultValue: t("bid.selfTestUnknown") }) : t("bid.selfTestUnknown");
  return t("bid.selfTestFailedShort", { reason });
}
