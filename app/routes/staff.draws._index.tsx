import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DrawListTable } from "~/components/draw/draw-list-table";
import { listStaffDraws } from "~/domain/draw/list-staff-draws";
import { requirePermission } from "~/lib/auth.server";
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
        <DrawListTable rows={draws} hrefBase="/staff/draws" last="requestedAt" />
      )}
    </div>
  );
}
