import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { KeyGenerator } from "~/components/bids/key-generator";
import { useRootData } from "~/components/use-root-data";
import { listBidderKeys } from "~/domain/bids/list-bidder-keys";
import { registerBidderKey } from "~/domain/bids/register-bidder-key";
import { formatFingerprint } from "~/domain/crypto";
import { requirePermission } from "~/lib/auth.server";
import { readForm } from "~/lib/csrf.server";
import { formatInstant } from "~/lib/time";
import { withDomainErrors } from "~/lib/http.server";
import { pageTitle } from "~/lib/i18n";
import bidsCss from "~/components/bids/bids.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: bidsCss }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "bids:keys.title");

/** /bidder/keys — the company's bid keys: generate in the browser, register the public half, see what depends on each. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "bidkey.manage");
  return { keys: await listBidderKeys(actor) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "bidkey.manage");
  return withDomainErrors(
    request,
    async () => {
      const form = await readForm(request);
      const r = await registerBidderKey(actor, {
        publicKeySpki: String(form.get("publicKeySpki") ?? ""),
        fingerprint: String(form.get("fingerprint") ?? ""),
        confirmReplace: form.get("confirmReplace") === "1",
      });
      return { ok: true as const, fingerprint: r.fingerprint };
    },
    ["bids", "common"],
  );
}

export default function BidderKeysPage() {
  const { keys } = useLoaderData<typeof loader>();
  const { t } = useTranslation("bids");
  const locale = useRootData()?.locale ?? "zh-CN";
  const current = keys.find((k) => k.current);
  const dependents = current?.openBids ?? [];
  return (
    <div className="container section stack">
      <h1>{t("keys.title")}</h1>
      <p className="lead">{t("keys.intro")}</p>
      <section className="card stack bid-card" aria-labelledby="cur-h">
        <h2 id="cur-h">{t("keys.current")}</h2>
        {current ? (
          <p>
            {t("keys.fingerprint")}：<code className="mono" data-testid="current-fingerprint">{formatFingerprint(current.fingerprint)}</code>
            <br />
            <span className="muted">{t("keys.createdAt")}：{formatInstant(current.createdAt, locale)}</span>
          </p>
        ) : (
          <p>{t("keys.none")}</p>
        )}
      </section>
      {dependents.length > 0 ? (
        <div className="alert alert--warning" role="alert">
          <p>{t("keys.replaceWarning")}</p>
          <ul>
            {dependents.map((b) => (
              <li key={b.bidId}>
                {b.projectTitle}（{b.lotTitle}）— {formatInstant(b.bidDeadline, locale)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <section className="card bid-card">
        <KeyGenerator mustConfirm={dependents.length > 0} />
      </section>
      {keys.some((k) => !k.current) ? (
        <section className="stack" aria-labelledby="old-h">
          <h2 id="old-h">{t("keys.retired")}</h2>
          <p className="muted">{t("keys.keepOld")}</p>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr><th>{t("keys.fingerprint")}</th><th>{t("keys.createdAt")}</th><th>{t("keys.retired")}</th><th>{t("keys.openBids")}</th></tr>
              </thead>
              <tbody>
                {keys.filter((k) => !k.current).map((k) => (
                  <tr key={k.id}>
                    <td className="mono">{formatFingerprint(k.fingerprint)}</td>
                    <td>{formatInstant(k.createdAt, locale)}</td>
                    <td>{k.retiredAt ? formatInstant(k.retiredAt, locale) : ""}</td>
                    <td>{k.openBids.map((b) => `${b.projectTitle}（${b.lotTitle}）`).join("；")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </div>
  );
}
