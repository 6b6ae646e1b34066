import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { GENESIS_HASH } from "~/domain/audit/canonical";
import { listAuditCheckpoints } from "~/domain/audit/list-audit-checkpoints";
import { verifyCheckpointExtends, type ExtendsResult } from "~/domain/audit/verify-checkpoint-extends";
import { CheckpointChainCheck } from "~/components/audit/checkpoint-chain-check";
import { RestoredBadge } from "~/components/restored-badge";
import { isDomainError } from "~/domain/errors";
import { pageTitle } from "~/lib/i18n";
import auditCss from "~/styles/audit.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: auditCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "audit:checkpoints.title");

// A closed checkpoint's verdict only changes if someone tampers; recomputing it for every visitor would
// let anyone load the database. Cached per process for ten minutes.
const verdicts = new Map<string, { at: number; r: ExtendsResult }>();

/**
 * GET /audit/checkpoints — the published daily checkpoints (public). `?verify=YYYY-MM-DD` re-hashes the
 * segment between that checkpoint and the previous one. The same list for scripts: /audit/checkpoints.json.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const checkpoints = await listAuditCheckpoints();
  const day = url.searchParams.get("verify");
  let verdict: ExtendsResult | null = null;
  let verifyError: string | null = null;
  if (day && checkpoints.some((c) => c.day === day)) {
    const cached = verdicts.get(day);
    if (cached && Date.now() - cached.at < 600_000) verdict = cached.r;
    else {
      try {
        verdict = await verifyCheckpointExtends(day);
        verdicts.set(day, { at: Date.now(), r: verdict });
      } catch (e) {
        // Not orHttp: a checkpoint that cannot be verified is this page's verdict, shown beside the list.
        if (!isDomainError(e)) throw e;
        verifyError = e.code;
      }
    }
  } else if (day) verifyError = "audit:errors.checkpointNotFound";
  // (GENESIS_HASH comes from a module that uses node:crypto: hand the value over, not the import.)
  return { checkpoints, verdict, verifyError, genesisHash: GENESIS_HASH };
}

export default function AuditCheckpoints() {
  const { checkpoints, verdict, verifyError, genesisHash } = useLoaderData<typeof loader>();
  const { t } = useTranslation("audit");
  const nav = useNavigation();
  return (
    <div className="container section stack audit-page">
      <h1>{t("checkpoints.title")}</h1>
      <p className="lead">{t("checkpoints.lead")}</p>

      {verifyError ? <div className="alert alert--error" role="alert">{t(verifyError)}</div> : null}
      {verdict ? (
        <div className={`alert ${verdict.ok ? "alert--success" : "alert--error"}`} role="status">
          {verdict.ok
            ? t("checkpoints.verdict.ok", { day: verdict.day, entries: verdict.entries, from: verdict.fromSeq, to: verdict.toSeq, ms: verdict.ms })
            : verdict.firstBad
              ? t("checkpoints.verdict.bad", { day: verdict.day, seq: verdict.firstBad.seq, reason: t(`reasons.${verdict.firstBad.reason}`) })
              : t("checkpoints.verdict.headMismatch", { day: verdict.day })}
        </div>
      ) : null}

      {checkpoints.length === 0 ? (
        <p className="muted">{t("checkpoints.empty")}</p>
      ) : (
        <DataTable
          caption={<caption className="visually-hidden">{t("checkpoints.caption")}</caption>}
          head={
            <>
              <th scope="col">{t("checkpoints.cols.day")}</th>
              <th scope="col">{t("checkpoints.cols.head")}</th>
              <th scope="col">{t("checkpoints.cols.previous")}</th>
              <th scope="col">{t("checkpoints.cols.pdf")}</th>
              <th scope="col">{t("checkpoints.cols.check")}</th>
            </>
          }
        >
          {checkpoints.map((c) => (
            <tr key={c.id}>
              <td className="mono">{c.day}</td>
              <td>
                <div>{t("checkpoints.headSeq", { seq: c.headSeq })}</div>
                <div className="mono audit-hash audit-small">{c.headHash}</div>
              </td>
              <td className="audit-small">
                {c.previous ? (
                  <>
                    <div>{t("checkpoints.prevOf", { day: c.previous.day, seq: c.previous.headSeq })}</div>
                    <div className="mono audit-hash">{c.previous.headHash}</div>
                  </>
                ) : (
                  t("checkpoints.fromGenesis")
                )}
              </td>
              <td>
                {c.documentId ? (
                  <>
                    <a href={`/documents/${c.documentId}`}>{t("checkpoints.pdf")}</a>
                    {c.documentRestoredAt ? <RestoredBadge at={c.documentRestoredAt} /> : null}
                  </>
                ) : (
                  <span className="muted">{t("checkpoints.pdfPending")}</span>
                )}
              </td>
              <td>
                <Form method="get">
                  <input type="hidden" name="verify" value={c.day} />
                  <button type="submit" className="btn btn--secondary" disabled={nav.state !== "idle"}>
                    {t("checkpoints.verify")}
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </DataTable>
      )}

      {checkpoints.length > 0 ? <CheckpointChainCheck genesisHash={genesisHash} /> : null}

      <section className="card stack" aria-labelledby="how-to-check">
        <h2 id="how-to-check">{t("checkpoints.how.title")}</h2>
        <p>{t("checkpoints.how.p1")}</p>
        <p>{t("checkpoints.how.p2")}</p>
        <pre className="audit-json mono">{`hash = SHA-256( prevHash + "\\n" + canonicalJSON({ seq, id, at, actorId, actorRole, actorOrgId,
               action, entityType, entityId, beforeDigest, afterDigest, detail, ip, userAgent }) )
genesis prevHash = ${genesisHash}`}</pre>
        <p>{t("checkpoints.how.p3")}</p>
        <pre className="audit-json mono">npm run audit:verify -- --checkpoints /audit/checkpoints.json</pre>
        <p>
          <Link to="/audit/checkpoints.json" reloadDocument>{t("checkpoints.json")}</Link>
        </p>
      </section>
    </div>
  );
}
