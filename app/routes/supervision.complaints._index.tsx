import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ComplaintTable } from "~/components/supervision/complaint-table";
import { listComplaints } from "~/domain/supervision/list-complaints";
import { requirePermission } from "~/lib/auth.server";
import { pageTitle } from "~/lib/i18n";
import supervisionCss from "~/styles/supervision.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: supervisionCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "supervision:complaints.title");

/** /supervision/complaints — every complaint with its statutory clocks. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "complaint.decide");
  return { rows: await listComplaints(actor) };
}

export default function SupervisionComplaints() {
  const { rows } = useLoaderData<typeof loader>();
  const { t } = useTranslation("supervision");
  return (
    <div className="container section stack sv-page">
      <h1>{t("complaints.title")}</h1>
      <p className="lead">{t("complaints.lead")}</p>
      <ComplaintTable rows={rows} base="/supervision/complaints" />
    </div>
  );
}
