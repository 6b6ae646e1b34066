import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ReceiptFileCheck } from "~/components/bids/receipt-file-check";
import { RestoredBadge } from "~/components/restored-badge";
import { getOwnReceipt } from "~/domain/bids/get-own-receipt";
import { formatFingerprint } from "~/domain/crypto";
import { requirePermission } from "~/lib/auth.server";
import { formatShanghai } from "~/lib/time";
import { pageTitle } from "~/lib/i18n";
import { orHttp } from "~/lib/http.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "bids:receipt.title");

/** /receipts/:receiptId — the receipt (回执) on screen, to the millisecond, with its PDF once rendered. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "bid.submit");
  return orHttp(getOwnReceipt(actor, { receiptId: params.receiptId ?? "" }));
}

export default function ReceiptPage() {
  const r = useLoaderData<typeof loader>();
  const { t } = useTranslation("bids");
  const rows: [string, string, boolean?][] = [
    [t("receipt.number"), r.receiptNumber, true],
    [t("receipt.kind"), t(`receiptKinds.${r.kind}`)],
    [t("receipt.bidder"), r.bidderName],
    [t("receipt.lot"), r.lotLabel],
    [t("receipt.issuedAt"), `${formatShanghai(new Date(r.issuedAt), "yyyy-MM-dd HH:mm:ss.SSS")} (UTC ${r.issuedAt})`],
    [t("receipt.bidId"), r.bidId, true],
    [t("receipt.ciphertextSha256"), r.ciphertextSha256, true],
    [t("receipt.plaintextSha256"), r.plaintextSha256, true],
    [t("receipt.size"), r.size, true],
    [t("receipt.keyFingerprint"), formatFingerprint(r.keyFingerprint), true],
  ];
  return (
    <div className="container section stack">
      <p className="muted"><Link to={`/bidder/bids/${r.bidId}`}>{t("bid.title")}</Link></p>
      <h1>{t(`receiptKinds.${r.kind}`)}</h1>
      <div className="alert alert--success" role="status" data-testid="receipt-number">{r.receiptNumber}</div>
      <div className="table-wrap">
        <table className="table receipt-table">
          <tbody>
            {rows.map(([k, v, mono]) => <tr key={k}><th scope="row">{k}</th><td className={mono ? "mono" : undefined}>{v}</td></tr>)}
          </tbody>
        </table>
      </div>
      <p className="muted">{t("receipt.note")}</p>
      {r.documentId ? (
        <p>
          <a className="btn btn--secondary" href={`/documents/${r.documentId}?download=1`} data-testid="receipt-pdf">{t("receipt.pdf")}</a>
          {r.documentRestoredAt ? <RestoredBadge at={r.documentRestoredAt} /> : null}
        </p>
      ) : (
        <p className="muted">{t("receipt.pdfPending")}</p>
      )}
      <ReceiptFileCheck plaintextSha256={r.plaintextSha256} ciphertextSha256={r.ciphertextSha256} />
    </div>
  );
}
