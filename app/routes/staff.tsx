import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can } from "~/domain/accounts/permissions";
import { countReviewQueue } from "~/domain/tenders/count-review-queue";
import { requirePermission } from "~/lib/auth.server";
import tendersUiCss from "~/components/tenders/tenders-ui.css?url";
import accountsCss from "~/styles/accounts.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: accountsCss },
  { rel: "stylesheet", href: tendersUiCss },
];

/**
 * The staff workspace frame (/staff/*): guard (staff and supervisors — the pages below narrow it down) and
 * the workspace tabs, with the number of lots waiting for the caller's review.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "tender.read_internal");
  const waiting = await countReviewQueue(actor);
  return { canCreate: can(actor.role, "tender.create"), canReview: can(actor.role, "tender.review"), waiting, canEntrust: can(actor.role, "entrustment.read") };
}

export default function StaffLayout() {
  const { t } = useTranslation("tenders-ui");
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <nav aria-label={t("staff.tabsLabel")}>
        <ul className="ws-tabs">
          <li>
            <NavLink to="/staff" end>
              {t("staff.tabDashboard")}
            </NavLink>
          </li>
          {d.canReview ? (
            <li>
              <NavLink to="/staff/reviews">
                {t("staff.tabReviews")}
                {d.waiting ? (
                  <span className="count" aria-label={t("staff.waitingCount", { count: d.waiting })}>
                    {d.waiting}
                  </span>
                ) : null}
              </NavLink>
            </li>
          ) : null}
          {d.canCreate ? (
            <li>
              <NavLink to="/staff/projects/new">{t("staff.tabNewProject")}</NavLink>
            </li>
          ) : null}
          {d.canEntrust ? (
            <li>
              <NavLink to="/staff/entrustments">{t("staff.tabEntrustments")}</NavLink>
            </li>
          ) : null}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
