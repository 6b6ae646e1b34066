import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ComplaintDetails } from "~/components/supervision/complaint-details";
import { getComplaint } from "~/domain/supervision/get-complaint";
import { requirePermission } from "~/lib/auth.server";
import { orHttp } from "~/lib/http.server";
import { pageTitle } from "~/lib/i18n";
import supervisionCss from "~/styles/supervision.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: supervisionCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "supervision:complaints.mineTitle");

/** /bidder/complaints/:id — the complainant's (or an involved party's) view: status, clocks, decision. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "complaint.file");
  // Absent and confidential complaints alike: the 404 page (getComplaint refuses both with 404).
  return orHttp(getComplaint(actor, params.complaintId ?? ""));
}

export default function BidderComplaint() {
  const v = useLoaderData<typeof loader>();
  const { t } = useTranslation("supervision");
  const [params] = useSearchParams();
  return (
    <div className="container section stack sv-page">
      <p>
        <Link to="/bidder/complaints">← {t("complaints.mineTitle")}</Link>
      </p>
      <h1>{t("complaints.mineTitle")}</h1>
      {params.get("filed") ? (
        <div className="alert alert--success" role="status">
          {t("complaints.filed")}
        </div>
      ) : null}
      <ComplaintDetails v={v} />
    </div>
  );
}
