import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { usePollWhile } from "~/components/use-poll-while";
import { useTranslation } from "react-i18next";
import { EXPORT_LIMITS } from "~/domain/supervision/export-limits";
import { getAuditExport } from "~/domain/supervision/get-audit-export";
import { requirePermission } from "~/lib/auth.server";
import { orHttp } from "~/lib/http.server";
import { pageTitle } from "~/lib/i18n";
import supervisionCss from "~/styles/supervision.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: supervisionCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "supervision:exports.progressTitle");

/** GET /supervision/log/exports/:id — progress of a PDF export (polled once a second), then its download link. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "audit.log.export");
  return orHttp(getAuditExport(actor, params.id ?? ""));
}

export default function AuditExportProgress() {
  const x = useLoaderData<typeof loader>();
  const { t } = useTranslation("supervision");
  const running = x.status === "QUEUED" || x.status === "RUNNING";
  usePollWhile(running);
  const pct = x.status === "DONE" ? 100 : x.total ? Math.round((x.processed / x.total) * 100) : 0;
  const filter = [...new URLSearchParams(x.filter)].map(([k, v]) => `${k}=${v}`).join(", ");
  return (
    <div className="container section stack sv-page">
      <h1>{t("exports.progressTitle")}</h1>
      <p>
        {t("exports.filter")}：<code>{filter || t("exports.wholeLog")}</code>
      </p>
      <div className="card stack" aria-live="polite">
        <p>
          <strong>{t(`exports.status.${x.status}`)}</strong>
        </p>
        {x.status !== "FAILED" ? (
          <>
            <progress className="progress" max={100} value={pct} aria-label={t("exports.progressTitle")} />
            <span className="progress-label">{t("exports.progress", { processed: x.processed, total: x.total })}</span>
          </>
        ) : (
          <div className="alert alert--error" role="alert">
            {t("exports.failed", { error: x.error?.startsWith("supervision:") ? t(x.error.slice("supervision:".length), { max: EXPORT_LIMITS.pdf.toLocaleString("en-US") }) : (x.error ?? "") })}
          </div>
        )}
        {x.status === "DONE" ? (
          <p>
            <a className="btn btn--primary" href={`/supervision/log/exports/${x.id}.pdf`} download>
              {t("exports.download")}
            </a>
          </p>
        ) : null}
      </div>
      <p>
        <Link to={`/supervision/log${x.filter ? `?${x.filter}` : ""}`}>{t("exports.back")}</Link>
      </p>
    </div>
  );
}
