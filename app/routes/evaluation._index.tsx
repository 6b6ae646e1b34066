import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listMyEvaluations } from "~/domain/evaluation/get-evaluation-progress";
import { actorFromRequest, requireUser } from "~/lib/auth.server";
import { pageTitle } from "~/lib/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "evaluation:list.title");

/** /evaluation — the evaluations the signed-in person sits on. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { rows: await listMyEvaluations(actorFromRequest(request, user)) };
}

export default function MyEvaluations() {
  const { rows } = useLoaderData<typeof loader>();
  const { t } = useTranslation("evaluation");
  return (
    <div className="page">
      <h1>{t("list.title")}</h1>
      {rows.length === 0 ? <p className="muted">{t("list.empty")}</p> : null}
      <ul>
        {rows.map((r) => (
          <li key={`${r.lotId}-${r.seat}`}>
            {r.lotLabel} · {t("list.seat", { seat: r.seat })} · {t(`stage.${r.stage}`)} {r.removed ? `· ${t("list.removed")}` : <Link to={`/evaluation/${r.lotId}`}>{t("list.open")}</Link>}
          </li>
        ))}
      </ul>
    </div>
  );
}
