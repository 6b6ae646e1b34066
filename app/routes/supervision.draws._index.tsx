import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DrawListTable } from "~/components/draw/draw-list-table";
import { listDraws } from "~/domain/draw/get-draw";
import { majorLotIdsAmong, majorThresholdLabel } from "~/domain/social-supervision/list-major-lots";
import { requirePermission } from "~/lib/auth.server";
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
  if (!rows.length) return <p className="muted">{t("supervision.empty")}</p>;
  return <DrawListTable rows={rows} hrefBase="/supervision/draws" last="commitment" />;
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
