import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { Countdown } from "~/components/tenders/countdown";
import { StatusBadge } from "~/components/tenders/status-badge";
import { useRootData } from "~/components/use-root-data";
import { getStaffProject } from "~/domain/tenders/get-staff-project";
import { requirePermission } from "~/lib/auth.server";
import { formatFen } from "~/lib/money";
import { formatInstant } from "~/lib/time";
import { pageTitle } from "~/lib/i18n";
import { orHttp } from "~/lib/http.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data ? [{ title: `${data.project.title} · ${data.project.code}` }] : pageTitle(matches, "tenders-ui:project.title");

/** /staff/projects/:projectId — a project and its lots (标段/包). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "tender.read_internal");
  return orHttp(getStaffProject(actor, { projectId: params.projectId ?? "" }), { conceal: true });
}

export default function ProjectPage() {
  const { t } = useTranslation("tenders-ui");
  const { t: tt } = useTranslation("tenders");
  const { project, lots } = useLoaderData<typeof loader>();
  const locale = useRootData()?.locale ?? "zh-CN";
  return (
    <>
      <p className="muted">
        <Link to="/staff">{t("staff.title")}</Link> › {project.code}
      </p>
      <div className="ws-head">
        <div>
          <h1>{project.title}</h1>
          <p className="lead">
            <span className="mono">{project.code}</span> · <span className="badge badge--blue">{tt(`procurementTypes.${project.procurementType}`)}</span>
          </p>
        </div>
        <Link to={`/staff/lots/new?project=${project.id}`} className="btn btn--primary">
          + {t("project.addLot")}
        </Link>
      </div>
      <section className="panel">
        <dl className="facts">
          <dt>{tt("fields.buyerOrgId")}</dt>
          <dd>{project.buyerName}</dd>
          <dt>{tt("fields.agentOrgId")}</dt>
          <dd>{project.agentName ?? t("project.noAgent")}</dd>
          <dt>{tt("fields.region")}</dt>
          <dd className="mono">{project.region}</dd>
          <dt>{t("project.createdAt")}</dt>
          <dd>{formatInstant(project.createdAt, locale, "datetimeShort")}</dd>
        </dl>
      </section>
      <section className="panel" aria-labelledby="lots-h">
        <h2 id="lots-h">{t("project.lots")}</h2>
        {lots.length === 0 ? (
          <p className="muted">{t("project.noLots")}</p>
        ) : (
          <DataTable
            head={
              <>
                <th scope="col">{tt("fields.lotNo")}</th>
                <th scope="col">{tt("fields.lotTitle")}</th>
                <th scope="col">{t("staff.colStatus")}</th>
                <th scope="col">{t("staff.colCeiling")}</th>
                <th scope="col">{t("staff.colNext")}</th>
              </>
            }
          >
            {lots.map((l) => (
              <tr key={l.id}>
                <td>{l.lotNo}</td>
                <td>
                  <Link to={`/staff/lots/${l.id}`}>{l.title}</Link>
                </td>
                <td>
                  <StatusBadge status={l.status} />
                </td>
                <td className="mono">{formatFen(l.ceilingPriceFen)}</td>
                <td>
                  {l.next ? (
                    <>
                      {tt(`timeline.${l.next.key}`)} <Countdown to={l.next.at} />
                    </>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
    </>
  );
}
