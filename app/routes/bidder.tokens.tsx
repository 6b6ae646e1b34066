import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { useRootData } from "~/components/use-root-data";
import { createApiToken, listApiTokens, revokeApiToken } from "~/domain/bids/api-tokens";
import { MAX_TOKEN_DAYS } from "~/domain/bids/api-token-limits";
import { requirePermission } from "~/lib/auth.server";
import { readForm } from "~/lib/csrf.server";
import { formatInstant } from "~/lib/time";
import { withDomainErrors } from "~/lib/http.server";
import { pageTitle } from "~/lib/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "bids:tokens.title");

/** /bidder/tokens — personal API tokens: create (shown once), list, revoke. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "bid.submit");
  return { tokens: await listApiTokens(actor) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "bid.submit");
  return withDomainErrors(
    request,
    async () => {
      const form = await readForm(request);
      if (form.get("intent") === "revoke") {
        await revokeApiToken(actor, { id: String(form.get("id") ?? "") });
        return { ok: true as const, token: null };
      }
      const r = await createApiToken(actor, { name: String(form.get("name") ?? ""), days: Number(form.get("days") ?? 0) });
      return { ok: true as const, token: r.token };
    },
    ["bids", "common"],
  );
}

export default function TokensPage() {
  const { tokens } = useLoaderData<typeof loader>();
  const res = useActionData<typeof action>() as { token?: string | null; error?: { message: string } } | undefined;
  const { t } = useTranslation("bids");
  const locale = useRootData()?.locale ?? "zh-CN";
  const busy = useNavigation().state !== "idle";
  return (
    <div className="container section stack">
      <h1>{t("tokens.title")}</h1>
      <p className="lead">{t("tokens.intro")}</p>
      {res?.error ? <div className="alert alert--error" role="alert">{res.error.message}</div> : null}
      {res?.token ? (
        <div className="alert alert--success" role="status">
          {t("tokens.created")} <code className="mono" data-testid="new-token">{res.token}</code>
        </div>
      ) : null}
      <Form method="post" className="card stack">
        <CsrfInput />
        <label className="form-field">{t("tokens.name")}<input name="name" required maxLength={100} /></label>
        <label className="form-field">{t("tokens.days")}<input name="days" type="number" min={1} max={MAX_TOKEN_DAYS} defaultValue={90} required /></label>
        <div><button type="submit" name="intent" value="create" className="btn btn--primary" disabled={busy}>{t("tokens.create")}</button></div>
      </Form>
      {tokens.length === 0 ? <p className="muted">{t("tokens.none")}</p> : (
        <div className="table-wrap"><table className="table">
          <thead><tr><th>{t("tokens.name")}</th><th>{t("tokens.prefix")}</th><th>{t("tokens.expiresAt")}</th><th>{t("tokens.lastUsedAt")}</th><th /></tr></thead>
          <tbody>{tokens.map((k) => (
            <tr key={k.id}>
              <td>{k.name}</td>
              <td className="mono">{k.prefix}…</td>
              <td>{formatInstant(k.expiresAt, locale)}</td>
              <td>{k.lastUsedAt ? formatInstant(k.lastUsedAt, locale) : t("tokens.never")}</td>
              <td>{k.revokedAt ? t("tokens.revoked") : (
                <Form method="post"><CsrfInput /><input type="hidden" name="id" value={k.id} />
                  <button type="submit" name="intent" value="revoke" className="btn btn--danger" disabled={busy}>{t("tokens.revoke")}</button></Form>
              )}</td>
            </tr>
          ))}</tbody>
        </table></div>
      )}
    </div>
  );
}
