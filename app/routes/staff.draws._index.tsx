import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DrawStatusBadge } from "~/components/draw/draw-summary";
import { useRootData } from "~/components/use-root-data";
import { listStaffDraws } from "~/domain/draw/list-staff-draws";
import { requirePermission } from "~/lib/auth.server";
import { formatInstant } from "~/lib/format";
import { pageTitle } from "~/lib/i18n";
import drawCss from "~/styles/draw.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: drawCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "draw-ui:staff.title");

/** /staff/draws — the draws of the lots the caller handles (numbers and statuses only, never a name). */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "draw.request");
  return { draws: await listStaffDraws(actor) };
}

export default function StaffDrawsPage() {
  const { draws } = useLoaderData<typeof loader>();
  const { t } = useTranslation("draw-ui");
  const { t: te } = useTranslation("experts");
  const locale = useRootData()?.locale ?? "zh-CN";
  return (
    <div className="draw-page">
      <div className="draw-head">
        <div>
          <h1>{t("staff.title")}</h1>
          <p className="lead">{t("staff.lead")}</p>
        </div>
        <Link to="/staff/draws/new" className="btn btn--primary">
          + {t("staff.newDraw")}
        </Link>
      </div>
      {draws.length === 0 ? (
        <p className="muted">{t("staff.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>{t("common.lot")}</th>
                <th>{t("common.draw")}</th>
                <th>{t("common.evaluation")}</th>
                <th className="num">{t("common.seats")}</th>
                <th>{t("common.status")}</th>
                <th>{t("common.requestedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {draws.map((d) => (
                <tr key={d.id}>
                  <td>
                    <Link to={`/staff/draws/${d.id}`}>{d.lotLabel}</Link>
                  </td>
                  <td>
                    {te(`kind.${d.kind}`)} #{d.seq}
                  </td>
                  <td>
                    {formatInstant(d.evaluationAt, locale, "datetimeShort")} · {d.evaluationPlace}
                  </td>
                  <td className="num">{d.seats}</td>
                  <td>
                    <DrawStatusBadge status={d.status} />
                  </td>
                  <td>{formatInstant(d.requestedAt, locale, "datetimeShort")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
