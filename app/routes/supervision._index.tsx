import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listOpenHalls } from "~/domain/opening/list-open-halls";
import { listAlerts } from "~/domain/supervision/list-alerts";
import { listComplaints } from "~/domain/supervision/list-complaints";
import { useRootData } from "~/components/use-root-data";
import { requirePermission } from "~/lib/auth.server";
import { formatInstant } from "~/lib/time";
import { pageTitle } from "~/lib/i18n";
import supervisionCss from "~/styles/supervision.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: supervisionCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "supervision:dashboard.title");

/** /supervision — the supervisor's start page: open alerts and complaints, links to every console. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "alert.read");
  const [{ open, alerts }, complaints, halls] = await Promise.all([listAlerts(actor, { state: "open" }, 5), listComplaints(actor), listOpenHalls(actor)]);
  return {
    halls,
    open,
    latest: alerts.map((a) => ({ id: a.id, kind: a.kind, severity: a.severity })),
    openComplaints: complaints.filter((c) => c.status === "RECEIVED" || c.status === "ACCEPTED").length,
  };
}

export default function SupervisionHome() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation("supervision");
  const { t: to } = useTranslation("opening");
  const locale = useRootData()?.locale ?? "zh-CN";
  return (
    <div className="container section stack sv-page">
      <h1>{t("dashboard.title")}</h1>
      <p className="lead">{t("dashboard.lead")}</p>
      <div className="sv-tiles">
        <Link to="/supervision/alerts" className="card sv-tile">
          <div className="muted">{t("dashboard.openAlerts")}</div>
          <div className="sv-tile__n">
            <span style={{ color: "#c8161d" }}>{d.open.RED ?? 0}</span> / <span style={{ color: "#d97706" }}>{d.open.YELLOW ?? 0}</span>
          </div>
        </Link>
        <Link to="/supervision/complaints" className="card sv-tile">
          <div className="muted">{t("dashboard.openComplaints")}</div>
          <div className="sv-tile__n">{d.openComplaints}</div>
        </Link>
        <Link to="/supervision/log" className="card sv-tile">
          <div className="muted">{t("dashboard.log")}</div>
          <div className="sv-tile__n">→</div>
        </Link>
        <Link to="/supervision/stats" className="card sv-tile">
          <div className="muted">{t("dashboard.stats")}</div>
          <div className="sv-tile__n">→</div>
        </Link>
      </div>
      <section className="stack" aria-labelledby="halls-h" data-testid="open-halls">
        <h2 id="halls-h">{t("dashboard.halls")}</h2>
        {d.halls.length === 0 ? <p className="muted">{t("dashboard.noHalls")}</p> : (
          <ul className="card link-list">
            {d.halls.map((h) => (
              <li key={h.lotId}>
                <Link to={`/hall/${h.lotId}`}>{h.projectCode} {h.projectTitle} · {t("dashboard.lotNo", { n: h.lotNo })} {h.title}</Link>{" "}
                <span className="badge">{to(`states.${h.state}`)}</span>{" "}
                <span className="muted">{formatInstant(h.openedAt, locale)}</span>{" "}
                {h.signedIn ? <span className="badge badge--green">{to("supervisorSignedIn")}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      {d.latest.length ? (
        <ul className="card">
          {d.latest.map((a) => (
            <li key={a.id}>
              <span className={`badge ${a.severity === "RED" ? "badge--red" : "badge--amber"}`}>{t(`alerts.severity.${a.severity}`)}</span>{" "}
              <Link to={`/supervision/alerts#alert-${a.id}`}>{t(`alerts.${a.kind}`, { defaultValue: a.kind })}</Link>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
