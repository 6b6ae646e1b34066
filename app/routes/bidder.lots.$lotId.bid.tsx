import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BidSubmitter } from "~/components/bids/bid-submitter";
import { useRootData } from "~/components/use-root-data";
import { getBidForm } from "~/domain/bids/get-bid-form";
import { isDomainError } from "~/domain/errors";
import { requirePermission } from "~/lib/auth.server";
import { formatFen } from "~/lib/money";
import { formatInstant } from "~/lib/time";
import { getT } from "~/lib/i18n.server";
import { pageTitle } from "~/lib/i18n";
import bidsCss from "~/components/bids/bids.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: bidsCss }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "bids:submit.title");

/** /bidder/lots/:lotId/bid — seal in the browser, upload resumably, finalise; refusals shown in words. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "bid.submit");
  try {
    return { form: await getBidForm(actor, { lotId: params.lotId ?? "" }), refusal: null };
  } catch (e) {
    // Not orHttp: a refusal to bid (not registered, deadline passed, …) is shown on this page in words;
    // only an unknown lot is the 404 page.
    if (!isDomainError(e)) throw e;
    if (e.status === 404) throw new Response(null, { status: 404 });
    const { t } = await getT(request, ["bids", "tenders", "common"]);
    return { form: null, refusal: t(e.code, e.params) };
  }
}

export default function SubmitBidPage() {
  const { form, refusal } = useLoaderData<typeof loader>();
  const { t } = useTranslation("bids");
  const locale = useRootData()?.locale ?? "zh-CN";
  return (
    <div className="container section stack narrow">
      <p className="muted"><Link to="/bidder">{t("workspace.title")}</Link></p>
      <h1>{t("submit.title")}</h1>
      {refusal ? <div className="alert alert--error" role="alert">{refusal}</div> : null}
      {form ? (
        <>
          <p>
            <strong>{form.lot.projectTitle}（{form.lot.title}）</strong>
            <br />
            {t("submit.deadline")}：{formatInstant(form.lot.bidDeadline, locale)} · {formatFen(BigInt(form.lot.bondFen))}
          </p>
          {form.key ? (
            <BidSubmitter lotId={form.lot.id} keySpki={form.key.publicKeySpki} keyFingerprint={form.key.fingerprint} bondFen={form.lot.bondFen} />
          ) : (
            <div className="alert alert--warning" role="alert">
              {t("submit.noKey")} <Link to="/bidder/keys">{t("workspace.keys")}</Link>
            </div>
          )}
        </>
      ) : null}
    </div>
  );
}
