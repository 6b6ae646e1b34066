import { inGroup } from "~/domain/tenders/lot-phases";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { MajorAttendance, MajorBadge } from "~/components/social/major-badge";
import { LotSteps, StatusBadge } from "~/components/tenders/status-badge";
import { can } from "~/domain/accounts/permissions";
import { isMajorLot } from "~/domain/social-supervision/major-project";
import { majorThresholdLabel } from "~/domain/social-supervision/list-major-lots";
import { listSupervisorAttendance } from "~/domain/social-supervision/list-supervisor-attendance";
import { getStaffLot } from "~/domain/tenders/get-staff-lot";
import { requirePermission } from "~/lib/auth.server";
import { pageTitle } from "~/lib/i18n";
import { orHttp } from "~/lib/http.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data ? [{ title: `${data.lot.project.title}（${data.lot.title}）` }] : pageTitle(matches, "tenders-ui:lot.title");

/**
 * /staff/lots/:lotId/* — the frame of one lot: title, state, step indicator and the lot's tabs. The pages
 * below read this loader's data (useLotData) and do their own one action.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "tender.read_internal");
  return orHttp(async () => {
    const d = await getStaffLot(actor, { lotId: params.lotId ?? "" });
    return {
      ...d,
      /** 重大项目: a supervisor must attend its draw and opening. */
      major: isMajorLot(d.lot) ? majorThresholdLabel() : null,
      attendance: isMajorLot(d.lot) ? await listSupervisorAttendance(d.lot.id) : [],
      me: { userId: actor.userId, canCreate: can(actor.role, "tender.create"), canReview: can(actor.role, "tender.review"), canAnswer: can(actor.role, "question.answer") },
    };
  }, { conceal: true });
}

export type StaffLotData = Awaited<ReturnType<typeof loader>>;

export default function StaffLotLayout() {
  const { t } = useTranslation("tenders-ui");
  const { t: tt } = useTranslation("tenders");
  const { t: ta } = useTranslation("award");
  const d = useLoaderData<typeof loader>();
  const { lot } = d;
  const published = !!lot.publishedAt;
  return (
    <>
      <p className="muted">
        <Link to="/staff">{t("staff.title")}</Link> › <Link to={`/staff/projects/${lot.project.id}`}>{lot.project.code}</Link> ›{" "}
        {t("staff.lotNo", { n: lot.lotNo })}
      </p>
      <header className="lot-header">
        <div className="lot-header__meta">
          <StatusBadge status={lot.status} />
          {d.major ? <MajorBadge threshold={d.major} /> : null}
          {d.major ? <MajorAttendance rows={d.attendance} /> : null}
          <span className="mono">{lot.project.code}</span>
          <span>{t("lot.version", { v: lot.version })}</span>
          <span>{t("lot.author", { name: lot.authorName ?? "—" })}</span>
          {lot.reviewerName ? <span>{t("lot.reviewer", { name: lot.reviewerName })}</span> : null}
        </div>
        <h1>
          {lot.project.title}（{lot.title}）
        </h1>
        {lot.retenderOf ? (
          <p data-testid="retender-of">
            {tt("retender.of")}<Link to={`/staff/lots/${lot.retenderOf.id}`}>{t("staff.lotNo", { n: lot.retenderOf.lotNo })} {lot.retenderOf.title}</Link>
          </p>
        ) : null}
        {lot.retenderedBy ? (
          <p data-testid="retendered-by">
            {tt("retender.by")}<Link to={`/staff/lots/${lot.retenderedBy.id}`}>{t("staff.lotNo", { n: lot.retenderedBy.lotNo })} {lot.retenderedBy.title}</Link>
          </p>
        ) : null}
        {d.retenderScheduleUnset ? <p className="alert alert--warning" role="status">{tt("retender.scheduleHint")}</p> : null}
        <LotSteps status={lot.status} suspendedFrom={lot.suspendedFrom} profile={lot.project.procurementType} />
      </header>
      <nav aria-label={t("lot.tabsLabel")}>
        <ul className="ws-tabs">
          <li>
            <NavLink to={`/staff/lots/${lot.id}`} end>
              {lot.status === "DRAFT" ? t("lot.tabEdit") : t("lot.tabOverview")}
            </NavLink>
          </li>
          {published ? (
            <>
              <li>
                <NavLink to={`/staff/lots/${lot.id}/changes`}>{t("lot.tabChanges")}</NavLink>
              </li>
              <li>
                <NavLink to={`/staff/lots/${lot.id}/questions`}>
                  {t("lot.tabQuestions")}
                  {d.openQuestions ? <span className="count">{d.openQuestions}</span> : null}
                </NavLink>
              </li>
              <li>
                <NavLink to={`/staff/lots/${lot.id}/objections`}>
                  {t("lot.tabObjections")}
                  {d.openObjections ? <span className="count">{d.openObjections}</span> : null}
                </NavLink>
              </li>
              <li>
                <NavLink to={`/staff/lots/${lot.id}/bidders`}>{t("lot.tabBidders")}</NavLink>
              </li>
              {inGroup(lot.status, "evaluationLinked") ? (
                <li>
                  <NavLink to={`/staff/lots/${lot.id}/evaluation`}>{t("lot.tabEvaluation")}</NavLink>
                </li>
              ) : null}
              {inGroup(lot.status, "hallLinked") ? (
                <li>
                  <NavLink to={`/hall/${lot.id}`}>{t("lot.tabHall")}</NavLink>
                </li>
              ) : null}
              {inGroup(lot.status, "opened") || inGroup(lot.suspendedFrom, "opened") || inGroup(lot.status, "ended") ? (
                <li>
                  <NavLink to={`/staff/lots/${lot.id}/award`}>{ta("ui.tab")}</NavLink>
                </li>
              ) : null}
              <li>
                <a href={`/tenders/${lot.id}`} target="_blank" rel="noreferrer">
                  {t("lot.publicPage")} ↗
                </a>
              </li>
            </>
          ) : null}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
