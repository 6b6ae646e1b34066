import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { useRootData } from "~/components/use-root-data";
import { getRegisteredBidders } from "~/domain/tenders/get-registered-bidders";
import { requirePermission } from "~/lib/auth.server";
import { orHttp } from "~/lib/http.server";
import { formatInstant } from "~/lib/time";

/**
 * /staff/lots/:lotId/bidders — the secret list of registered bidders (staff of the project and
 * supervisors only). Each view is itself written to the audit log by the domain.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "tender.read_internal");
  return orHttp(getRegisteredBidders(actor, { lotId: params.lotId ?? "" }), { conceal: true });
}

export default function BiddersPage() {
  const { t } = useTranslation("tenders-ui");
  const { bidders, sealedUntil } = useLoaderData<typeof loader>();
  const locale = useRootData()?.locale ?? "zh-CN";
  if (sealedUntil) {
    return (
      <p className="panel alert alert--info" role="note" data-testid="bidders-sealed">
        {t("bidders.sealed", { deadline: formatInstant(sealedUntil, locale, "datetimeShort") })}
      </p>
    );
  }
  return (
    <>
      <p className="alert alert--warning" role="note">
        {t("bidders.secret")}
      </p>
      <section className="panel">
        <h2>{t("bidders.title", { count: bidders.length })}</h2>
        {bidders.length === 0 ? (
          <p className="muted">{t("bidders.none")}</p>
        ) : (
          <DataTable
            head={
              <>
                <th scope="col">#</th>
                <th scope="col">{t("bidders.org")}</th>
                <th scope="col">{t("bidders.creditCode")}</th>
                <th scope="col">{t("bidders.user")}</th>
                <th scope="col">{t("bidders.registeredAt")}</th>
                <th scope="col">{t("bidders.downloads")}</th>
              </>
            }
          >
            {bidders.map((b, i) => (
              <tr key={b.registrationId}>
                <td>{i + 1}</td>
                <td>{b.orgName}</td>
                <td className="mono">{b.creditCode}</td>
                <td>{b.userName}</td>
                <td>{formatInstant(b.registeredAt, locale, "datetimeShort")}</td>
                <td>{b.downloads}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
    </>
  );
}
