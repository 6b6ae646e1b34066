import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { Countdown } from "~/components/tenders/countdown";
import { StatusBadge } from "~/components/tenders/status-badge";
import { useRootData } from "~/components/use-root-data";
import { LOT_STATUSES } from "~/domain/tenders/lot-lifecycle";
import { listStaffLots } from "~/domain/tenders/list-staff-lots";
import { requirePermission } from "~/lib/auth.server";
import { formatFen } from "~/lib/money";
import { formatInstant } from "~/lib/time";
import { pageTitle } from "~/lib/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "tenders-ui:staff.title");

/** /staff — the staff dashboard: counts per status (click to filter), projects, lots with their next instant. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "tender.read_internal");
  return listStaffLots(actor, { status: new URL(request.url).searchParams.get("status") });
}

export default function StaffDashboard() {
  const { t } = useTranslation("tenders-ui");
  const { t: tt } = useTranslation("tenders");
  const d = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const locale = useRootData()?.locale ?? "zh-CN";
  const active = params.get("status");
  const total = Object.values(d.counts).reduce((s, n) => s + (n ?? 0), 0);
  const attention = d.lots.filter((l) => l.openQuestions || l.openObjections || (l.status === "DRAFT" && l.rejectionReason));
  return (
    <>
      <div className="ws-head">
        <div>
          <h1>{t("staff.title")}</h1>
          <p className="lead">{t("staff.lead")}</p>
        </div>
        <Link to="/staff/projects/new" className="btn btn--primary">
          + {t("staff.newProject")}
        </Link>
      </div>

      <nav className="stat-grid" aria-label={t("staff.byStatus")}>
        <Link to="/staff" className={`stat ${!active ? "is-active" : ""}`} aria-current={!active ? "page" : undefined}>
          <span className="stat__n">{total}</span>
          <span className="stat__label">{t("staff.allLots")}</span>
        </Link>
        {LOT_STATUSES.filter((s) => d.counts[s]).map((s) => (
          <Link key={s} to={`/staff?status=${s}`} className={`stat ${active === s ? "is-active" : ""}`} aria-current={active === s ? "page" : undefined}>
            <span className="stat__n">{d.counts[s]}</span>
            <span className="stat__label">{tt(`statuses.${s}`)}</span>
          </Link>
        ))}
      </nav>

      {attention.length ? (
        <section className="panel" aria-labelledby="attention-h">
          <h2 id="attention-h">{t("staff.attention")}</h2>
          <ul className="link-list">
            {attention.map((l) => (
              <li key={l.id}>
                <Link to={`/staff/lots/${l.id}`}>
                  {l.project.title}（{l.title}）
                </Link>{" "}
                {l.rejectionReason && l.status === "DRAFT" ? <span className="badge badge--red">{t("staff.returned")}</span> : null}{" "}
                {l.openQuestions ? (
                  <Link className="badge badge--amber" to={`/staff/lots/${l.id}/questions`}>
                    {t("staff.openQuestions", { count: l.openQuestions })}
                  </Link>
                ) : null}{" "}
                {l.openObjections ? (
                  <Link className="badge badge--red" to={`/staff/lots/${l.id}/objections`}>
                    {t("staff.openObjections", { count: l.openObjections })}
                  </Link>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="panel" aria-labelledby="lots-h">
        <h2 id="lots-h">{active ? t("staff.lotsIn", { status: tt(`statuses.${active}`) }) : t("staff.lots")}</h2>
        {d.lots.length === 0 ? (
          <p className="muted">{t("staff.noLots")}</p>
        ) : (
          <DataTable
            head={
              <>
                <th scope="col">{t("staff.colLot")}</th>
                <th scope="col">{t("staff.colStatus")}</th>
                <th scope="col">{t("staff.colCeiling")}</th>
                <th scope="col">{t("staff.colNext")}</th>
                <th scope="col">{t("staff.colLeft")}</th>
              </>
            }
          >
            {d.lots.map((l) => (
              <tr key={l.id}>
                <td>
                  <Link to={`/staff/lots/${l.id}`}>
                    {l.project.title}（{t("staff.lotNo", { n: l.lotNo })} {l.title}）
                  </Link>
                  <div className="muted mono">{l.project.code}</div>
                </td>
                <td>
                  <StatusBadge status={l.status} /> {l.mine ? <span className="badge">{t("staff.mine")}</span> : null}
                </td>
                <td className="mono">{formatFen(l.ceilingPriceFen)}</td>
                <td>
                  {l.next ? (
                    <>
                      {tt(`timeline.${l.next.key}`)}
                      <div className="muted">{formatInstant(l.next.at, locale, "datetimeShort")}</div>
                    </>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td>{l.next ? <Countdown to={l.next.at} /> : null}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      <section className="panel" aria-labelledby="projects-h">
        <h2 id="projects-h">{t("staff.projects")}</h2>
        {d.projects.length === 0 ? (
          <p className="muted">{t("staff.noProjects")}</p>
        ) : (
          <ul className="link-list">
            {d.projects.map((p) => (
              <li key={p.id}>
                <Link to={`/staff/projects/${p.id}`}>{p.title}</Link> <span className="mono muted">{p.code}</span>{" "}
                <span className="badge badge--blue">{tt(`procurementTypes.${p.procurementType}`)}</span>{" "}
                <span className="muted">{t("staff.lotCount", { count: p.lotCount })}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
