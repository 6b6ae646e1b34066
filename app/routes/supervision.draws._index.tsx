import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DrawStatusBadge } from "~/components/draw/draw-summary";
import { MajorBadge } from "~/components/social/major-badge";
import { useRootData } from "~/components/use-root-data";
import { listDraws } from "~/domain/draw/get-draw";
import { majorLotIdsAmong, majorThresholdLabel } from "~/domain/social-supervision/list-major-lots";
import { requirePermission } from "~/lib/auth.server";
import { formatInstant } from "~/lib/format";
import { pageTitle } from "~/lib/i18n";
import accountsCss from "~/styles/accounts.css?url";
import drawCss from "~/styles/draw.css?url";

// accounts.css gives .panel/.form their look (the staff layout links it; the supervision layout does not).
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: accountsCss },
  { rel: "stylesheet", href: drawCss },
];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "draw-ui:supervision.title");

/** /supervision/draws — draws waiting for the supervisor's entropy first, then the rest. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "draw.names.read");
  const draws = await listDraws(actor);
  // 重大项目: badge the lots whose draw a supervisor must attend.
  const major = new Set(await majorLotIdsAmong(draws.map((d) => d.lotId)));
  const rows = draws.map((d) => ({ ...d, major: major.has(d.lotId) }));
  return {
    awaiting: rows.filter((d) => d.status === "AWAITING_ENTROPY"),
    others: rows.filter((d) => d.status !== "AWAITING_ENTROPY"),
    majorThreshold: majorThresholdLabel(),
  };
}

type Row = Awaited<ReturnType<typeof loader>>["awaiting"][number];

function DrawTable({ rows }: { rows: Row[] }) {
  const { t } = useTranslation("draw-ui");
  const { t: te } = useTranslation("experts");
  const locale = useRootData()?.locale ?? "zh-CN";
  if (!rows.length) return <p className="muted">{t("supervision.empty")}</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th>{t("common.lot")}</th>
            <th>{t("common.draw")}</th>
            <th>{t("common.evaluation")}</th>
            <th className="num">{t("common.seats")}</th>
            <th>{t("common.status")}</th>
            <th>{t("common.commitment")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id}>
              <td>
                <Link to={`/supervision/draws/${d.id}`}>{d.lotLabel}</Link> {d.major ? <MajorBadge /> : null}
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
              <td>
                <code className="hash">{d.commitment.slice(0, 16)}…</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function SupervisionDrawsPage() {
  const { awaiting, others } = useLoaderData<typeof loader>();
  const { t } = useTranslation("draw-ui");
  return (
    <div className="draw-page">
      <h1>{t("supervision.title")}</h1>
      <p className="lead">{t("supervision.lead")}</p>
      <section className="panel" aria-labelledby="awaiting-h">
        <h2 id="awaiting-h">
          {t("supervision.awaiting")} {awaiting.length ? <span className="badge badge--amber">{awaiting.length}</span> : null}
        </h2>
        <DrawTable rows={awaiting} />
      </section>
      <section className="panel" aria-labelledby="others-h">
        <h2 id="others-h">{t("supervision.others")}</h2>
        <DrawTable rows={others} />
      </section>
    </div>
  );
}
