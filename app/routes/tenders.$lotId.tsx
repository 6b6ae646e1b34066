import { inGroup } from "~/domain/tenders/lot-phases";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Countdown } from "~/components/portal/countdown";
import { KindBadge, StatusBadge } from "~/components/portal/status-badge";
import { TenderTimeline, type TimelineStep } from "~/components/portal/tender-timeline";
import { useRootData } from "~/components/use-root-data";
import { amountInWords } from "~/lib/money";
import { getPublicTender } from "~/domain/tenders/get-public-tender";
import { getPublicAward } from "~/domain/award/get-public-award";
import { AwardSections } from "~/components/portal/award-sections";
import { getDb } from "~/lib/db.server";
import { formatFen } from "~/lib/money";
import { formatInstant } from "~/lib/time";
import { pageTitle } from "~/lib/i18n";
import portalCss from "~/styles/portal.css?url";
import { orHttp } from "~/lib/http.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: portalCss }];
export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data
    ? [
        ...pageTitle(matches, "portal:tender.metaTitle", { project: data.project.title, lot: data.lot.title }),
        { name: "description", content: `${data.project.code} ${data.project.title}（${data.lot.title}）` },
      ]
    : pageTitle(matches, "portal:list.title");

/**
 * GET /tenders/:lotId — a published lot for everyone (五公开): key terms, the timeline against the server
 * clock, tender documents (name, size, SHA-256), every public notice with its PDF, open-data links.
 * Never who registered or how many, never who asked a question or raised an objection.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  return orHttp(async () => {
    const tender = await getPublicTender(params.lotId ?? "");
    return { ...tender, award: await getPublicAward(getDb(), tender.lot.id) };
  });
}

/** After the opening the timeline goes on with what happened: publicity, award, contract, archive. */
type At = string | Date;
function resultSteps(
  award: { candidates: { startsAt: At } | null; result: { decidedAt: At } | null; contract: { recordedAt: At } | null; archive: { finishedAt: At | null } | null } | null,
): TimelineStep[] {
  const steps: (TimelineStep | null)[] = [
    award?.candidates ? { key: "candidates", at: award.candidates.startsAt } : null,
    award?.result ? { key: "award", at: award.result.decidedAt } : null,
    // Placed when the portal recorded it: the signing day alone (00:00 of a date) would sort before a
    // same-day award, or even before the opening.
    award?.contract ? { key: "contract", at: award.contract.recordedAt } : null,
    award?.archive?.finishedAt ? { key: "archived", at: award.archive.finishedAt } : null,
  ];
  return steps.filter((s): s is TimelineStep => s !== null);
}

const kb = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.ceil(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

export default function TenderPage() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation(["portal", "tenders"]);
  const locale = useRootData()?.locale ?? "zh-CN";
  const when = (x: Date | string) => formatInstant(x, locale, "datetimeShort");
  const { lot, project } = d;
  const halted = inGroup(lot.status, "halted");
  const changed = (a: (typeof d.announcements)[number]) =>
    (Array.isArray(a.changes) ? a.changes : []) as { field: string; before: string; after: string }[];

  const terms: [string, ReactNode][] = [
    [t("tenders:fields.code"), <span className="mono">{project.code}</span>],
    [t("tenders:fields.procurementType"), t(`tenders:procurementTypes.${project.procurementType}`)],
    [t("tenders:detail.buyer"), project.buyerName ?? ""],
    [t("tenders:detail.agent"), project.agentName ?? t("tenders:detail.none")],
    [t("tenders:fields.region"), <span className="mono">{project.region}</span>],
    [t("tenders:fields.lotNo"), String(lot.lotNo)],
    [t("tenders:fields.estimatedPriceFen"), formatFen(lot.estimatedPriceFen)],
    [t("tenders:fields.bondFen"), <>{formatFen(lot.bondFen)}<span className="results__sub">{t("tender.inWords")}{amountInWords(lot.bondFen)}</span></>],
    [t("tenders:fields.evaluationMethod"), t(`tenders:evaluationMethods.${lot.evaluationMethod}`)],
    ...(lot.criteria.length
      ? ([[t("tenders:fields.criteria"), lot.criteria.map((c) => t("tenders:detail.criteria", c)).join("；")]] as [string, string][])
      : []),
    [t("tenders:fields.qualification"), <span className="pre">{lot.qualification || t("tenders:detail.none")}</span>],
    [t("tenders:fields.bidDeadline"), when(lot.bidDeadline)],
    [t("tenders:fields.decryptionWindowMinutes"), t("tender.minutes", { n: lot.decryptionWindowMinutes })],
  ];

  return (
    <div className="portal">
      <nav aria-label={t("tender.breadcrumb")} className="muted">
        <Link to="/tenders">{t("list.title")}</Link> › <span className="mono">{project.code}</span>
      </nav>

      {/* Titles are text nodes: markup typed into a title is displayed as typed, never executed. */}
      <header className="tender-head">
        <h1>{project.title}</h1>
        <p className="tender-head__lot">{t("list.lotLine", { lotNo: lot.lotNo, title: lot.title })}</p>
        <div className="tender-head__meta">
          <StatusBadge status={lot.status} />
          <span className="badge">{t(`tenders:procurementTypes.${project.procurementType}`)}</span>
          <span>{t("tender.publishedAt", { at: when(lot.publishedAt!) })}</span>
        </div>
      </header>

      {lot.status === "SUSPENDED" ? <p className="alert alert--warning" role="status">{t("tender.suspended")}</p> : null}
      {lot.status === "CANCELLED" ? <p className="alert alert--error" role="status">{t("tender.cancelled")}</p> : null}
      {lot.status === "FAILED" ? <p className="alert alert--error" role="status">{t("tender.failed")}</p> : null}
      {d.retenderOf ? (
        <p data-testid="retender-of">
          {t("tenders:retender.of")}<Link to={`/tenders/${d.retenderOf.id}`}>{t("list.lotLine", { lotNo: d.retenderOf.lotNo, title: d.retenderOf.title })}</Link>
        </p>
      ) : null}
      {d.retenderedBy ? (
        <p data-testid="retendered-by">
          {t("tenders:retender.by")}<Link to={`/tenders/${d.retenderedBy.id}`}>{t("list.lotLine", { lotNo: d.retenderedBy.lotNo, title: d.retenderedBy.title })}</Link>
        </p>
      ) : null}

      <dl className="keyfacts">
        <div>
          <dt>{t("tenders:fields.ceilingPriceFen")}</dt>
          <dd>
            {formatFen(lot.ceilingPriceFen)}
            <span className="keyfacts__words">{t("tender.inWords")}{amountInWords(lot.ceilingPriceFen)}</span>
          </dd>
        </div>
        <div className="keyfacts__deadline">
          <dt>{t("tenders:fields.bidDeadline")}</dt>
          <dd>
            {when(lot.bidDeadline)}
            <span className="keyfacts__words">
              {halted ? t("tender.halted") : <>{t("tender.timeLeft")} <Countdown to={lot.bidDeadline} /></>}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t("tender.docsWindow")}</dt>
          <dd>
            <span className="keyfacts__words">{when(lot.docsAvailableFrom)} — {when(lot.docsAvailableTo)}</span>
            <span className={`badge ${d.docsOpen ? "badge--green" : ""}`}>{t(d.docsOpen ? "tender.docsOpen" : "tender.docsClosed")}</span>
          </dd>
        </div>
      </dl>

      <div className="tender-grid">
        <div className="portal">
          {lot.description ? (
            <section className="panel" aria-labelledby="overview">
              <h2 id="overview">{t("tender.overview")}</h2>
              <p className="pre">{lot.description}</p>
            </section>
          ) : null}

          <section aria-labelledby="terms">
            <h2 id="terms">{t("tenders:detail.terms")}</h2>
            <div className="table-wrap">
              <table className="table terms">
                <tbody>
                  {terms.map(([k, v]) => (
                    <tr key={k}><th scope="row">{k}</th><td>{v}</td></tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          <section aria-labelledby="documents">
            <h2 id="documents">{t("tenders:detail.documents")}</h2>
            <p className="muted">{t("tender.docsHint")}</p>
            {/* The bidders' side of this lot (login first); the domain enforces every window there. */}
            {lot.status === "PUBLISHED" ? (
              <p><Link to={`/bidder/lots/${lot.id}`} className="btn btn--primary">{t("tender.bidderEntry")}</Link></p>
            ) : null}
            {d.documents.length === 0 ? <p className="muted">{t("tenders:detail.noDocuments")}</p> : (
              <div className="table-wrap">
                <table className="table">
                  <caption className="visually-hidden">{t("tenders:detail.documents")}</caption>
                  <thead>
                    <tr><th scope="col">{t("tender.docName")}</th><th scope="col">{t("tenders:detail.size")}</th><th scope="col">SHA-256</th></tr>
                  </thead>
                  <tbody>
                    {d.documents.map((doc) => (
                      <tr key={doc.id}>
                        <td>{doc.name}</td>
                        <td className="num">{kb(doc.size)}</td>
                        <td><span className="hash">{doc.sha256}</span></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          {d.award ? <AwardSections award={d.award} locale={locale} /> : null}

          <section aria-labelledby="announcements">
            <h2 id="announcements">{t("tenders:detail.announcements")}</h2>
            <ol className="notice-list" reversed>
              {[...d.announcements].reverse().map((a) => (
                <li key={a.id}>
                  <article className="notice" id={`a-${a.id}`} aria-labelledby={`a-${a.id}-title`}>
                    <div className="notice__head">
                      <KindBadge kind={a.kind} />
                      <time dateTime={new Date(a.publishedAt).toISOString()}>{when(a.publishedAt)}</time>
                      {a.documentId ? (
                        <a href={`/documents/${a.documentId}`} type="application/pdf">{t("tender.pdf")}</a>
                      ) : (
                        <span>{t("tenders:detail.pdfPending")}</span>
                      )}
                    </div>
                    <h3 id={`a-${a.id}-title`}>{a.title}</h3>
                    {changed(a).length ? (
                      <div className="table-wrap">
                        <table className="table">
                          <caption className="visually-hidden">{t("tenders:detail.changes")}</caption>
                          <thead>
                            <tr><th scope="col">{t("tender.changeField")}</th><th scope="col">{t("tender.before")}</th><th scope="col">{t("tender.after")}</th></tr>
                          </thead>
                          <tbody>
                            {changed(a).map((c) => (
                              <tr key={c.field}>
                                <th scope="row">{t(`tenders:fields.${c.field}`, { defaultValue: c.field })}</th>
                                <td><s>{c.before}</s></td>
                                <td><strong>{c.after}</strong></td>
                              </tr>
                            ))}
                          </tbody>
                        </table>
                      </div>
                    ) : null}
                    <p className="notice__body">{a.body}</p>
                  </article>
                </li>
              ))}
            </ol>
          </section>
        </div>

        <aside className="portal" aria-label={t("tender.aside")}>
          <section className="panel" aria-labelledby="timeline">
            <h2 id="timeline">{t("tenders:detail.timeline")}</h2>
            <TenderTimeline steps={[...d.timeline.map((e) => ({ key: e.key, at: e.at })), ...resultSteps(d.award)]} outcome={d.outcome} />
            <p className="form-hint">{t("tender.clockNote")}</p>
          </section>
          <section className="panel" aria-labelledby="opendata">
            <h2 id="opendata">{t("tender.openData")}</h2>
            <ul className="link-list">
              <li><a href={`/api/v1/tenders/${lot.id}`} type="application/json">{t("tender.json")}</a></li>
              <li><a href={`/api/v1/tenders/${lot.id}/ocds`} type="application/json">{t("tender.ocds")}</a></li>
              <li><a href="/feed.atom" type="application/atom+xml">{t("nav.feed")}</a></li>
            </ul>
          </section>
        </aside>
      </div>
    </div>
  );
}
