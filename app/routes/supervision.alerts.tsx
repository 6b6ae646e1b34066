import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { AlertEvidence } from "~/components/supervision/alert-evidence";
import { useLiveAlerts } from "~/components/supervision/use-live-alerts";
import { useRootData } from "~/components/use-root-data";
import { acknowledgeAlert } from "~/domain/supervision/acknowledge-alert";
import { annotateAlert } from "~/domain/supervision/annotate-alert";
import { escalateAlert } from "~/domain/supervision/escalate-alert";
import { ALERTS_PER_PAGE, listAlerts } from "~/domain/supervision/list-alerts";
import { requirePermission } from "~/lib/auth.server";
import { formatInstant } from "~/lib/time";
import { handleForm } from "~/lib/form-action.server";
import { pageTitle } from "~/lib/i18n";
import supervisionCss from "~/styles/supervision.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: supervisionCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "supervision:alerts.title");

const filterSchema = z.object({
  state: z.enum(["open", "all"]).catch("open"),
  severity: z.enum(["YELLOW", "RED"]).optional().catch(undefined),
  kind: z.string().regex(/^[A-Z_]{1,40}$/).optional().catch(undefined),
  lotId: z.string().uuid().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

/** /supervision/alerts — 超时预警 and collusion indicators: acknowledge, annotate, escalate. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "alert.read");
  const sp = new URL(request.url).searchParams;
  const { page, ...f } = filterSchema.parse({
    state: sp.get("state") ?? "open",
    severity: sp.get("severity") || undefined,
    kind: sp.get("kind") || undefined,
    lotId: sp.get("lot") || undefined,
    page: sp.get("page") ?? 1,
  });
  return listAlerts(actor, f, ALERTS_PER_PAGE, page);
}

const noteText = z.string({ error: "supervision:errors.noteRequired" }).trim().min(1, "supervision:errors.noteRequired").max(2000, "supervision:errors.tooLong?max=2000");
const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("acknowledge"), alertId: z.string() }),
  z.object({ intent: z.literal("annotate"), alertId: z.string(), text: noteText }),
  z.object({ intent: z.literal("escalate"), alertId: z.string(), text: noteText }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "alert.handle");
  const back = new URL(request.url).search;
  return handleForm(request, schema, async (v) => {
    if (v.intent === "acknowledge") await acknowledgeAlert(actor, { alertId: v.alertId });
    else if (v.intent === "annotate") await annotateAlert(actor, { alertId: v.alertId, text: v.text });
    else await escalateAlert(actor, { alertId: v.alertId, text: v.text });
    const q = new URLSearchParams(back);
    q.set("done", v.intent === "acknowledge" ? "acknowledged" : v.intent === "annotate" ? "annotated" : "escalated");
    return redirect(`/supervision/alerts?${q.toString()}#alert-${v.alertId}`);
  });
}

type Data = Awaited<ReturnType<typeof loader>>;
type AlertView = Data["alerts"][number];

/** A clock alert's subject (the objection, the complaint's clock, the scheduled step): yellow and red share it. */
const clockSubject = (a: AlertView): string | null => {
  if (a.params.objectionId) return `objection|${a.params.objectionId}`;
  if (a.params.complaintId) return `complaint|${a.params.complaintId}|${a.kind}`;
  return a.params.dueAt ? `${a.lot?.id ?? ""}|${a.params.kind ?? a.kind}|${a.params.dueAt}` : null;
};

export default function AlertsPage() {
  const data = useLoaderData<typeof loader>();
  const res = useActionData<typeof action>() as { result?: { error?: Record<string, string[] | null> } } | undefined;
  const { t } = useTranslation("supervision");
  const [params] = useSearchParams();
  const state = params.get("state") ?? "open";
  const severity = params.get("severity") ?? "";
  const kind = params.get("kind") ?? "";
  const lot = params.get("lot") ?? "";
  const k = `${kind ? `&kind=${encodeURIComponent(kind)}` : ""}${lot ? `&lot=${encodeURIComponent(lot)}` : ""}`;
  // The same filter on another page of the list.
  const pageHref = (n: number) => `?state=${state}${severity ? `&severity=${severity}` : ""}${k}${n > 1 ? `&page=${n}` : ""}`;
  const lotShown = lot ? data.alerts.find((a) => a.lot?.id === lot)?.lot : undefined;
  const done = params.get("done");
  const errors = res?.result?.error ? Object.values(res.result.error).flatMap((e) => e ?? []) : undefined;
  const live = useLiveAlerts();
  // A yellow clock alert whose step has gone red since is shown as superseded, next to its red successor.
  const redSubjects = new Set(data.alerts.filter((a) => a.severity === "RED").map(clockSubject).filter(Boolean));
  return (
    <div className="container section stack sv-page">
      <div className="sv-head">
        <h1>{t("alerts.title")}</h1>
        <div className="sv-head__side">
          <p className={`sv-live sv-live--${live}`} role="status">
            {t(`alerts.live.${live}`)}
          </p>
          <p className="sv-counts" aria-live="polite">
            <span className="badge badge--red">{data.open.RED ?? 0}</span>
            <span className="badge badge--amber">{data.open.YELLOW ?? 0}</span>
            <span className="muted">{t("alerts.openCount", { red: data.open.RED ?? 0, yellow: data.open.YELLOW ?? 0 })}</span>
          </p>
        </div>
      </div>
      <p className="lead">{t("alerts.lead")}</p>
      {done ? (
        <div className="alert alert--success" role="status">
          {t(`alerts.done.${done}`)}
        </div>
      ) : null}
      <FormAlert errors={errors} />
      <nav className="sv-tabs" aria-label={t("alerts.filter.apply")}>
        {(["open", "all"] as const).map((s) => (
          <Link key={s} to={`?state=${s}${severity ? `&severity=${severity}` : ""}${k}`} className={`sv-tab${state === s ? " sv-tab--on" : ""}`} aria-current={state === s ? "page" : undefined}>
            {t(`alerts.filter.${s}`)}
          </Link>
        ))}
        <span className="sv-tabs__sep" />
        {(["", "RED", "YELLOW"] as const).map((s) => (
          <Link key={s || "any"} to={`?state=${state}${s ? `&severity=${s}` : ""}${k}`} className={`sv-tab${severity === s ? " sv-tab--on" : ""}`}>
            {s ? t(`alerts.severity.${s}`) : t("alerts.filter.allSeverities")}
          </Link>
        ))}
      </nav>
      {/* By rule (预警规则): one rule's alerts only; a plain GET form, so it works without JavaScript too. */}
      <Form method="get" className="sv-kind-filter">
        <input type="hidden" name="state" value={state} />
        {severity ? <input type="hidden" name="severity" value={severity} /> : null}
        {lot ? <input type="hidden" name="lot" value={lot} /> : null}
        <label className="form-field">
          <span>{t("alerts.filter.rule")}</span>
          <select name="kind" defaultValue={kind} key={kind}>
            <option value="">{t("alerts.filter.allRules")}</option>
            {data.kinds.map((k) => (
              <option key={k.kind} value={k.kind}>
                {t(`alerts.kinds.${k.kind}`, { defaultValue: k.kind })}（{k.count}）
              </option>
            ))}
          </select>
        </label>
        <button className="btn btn--secondary">{t("alerts.filter.apply")}</button>
      </Form>
      {lot ? (
        <p className="sv-lot-filter" role="status">
          {t("alerts.filter.lotOnly", { lot: lotShown ? `${lotShown.project.code} · ${lotShown.title}` : lot })}{" "}
          <Link to={`?state=${state}${severity ? `&severity=${severity}` : ""}${kind ? `&kind=${encodeURIComponent(kind)}` : ""}`}>{t("alerts.filter.allLots")}</Link>
        </p>
      ) : null}
      {data.alerts.length === 0 ? <p className="card muted">{t("alerts.empty")}</p> : null}
      <ol className="sv-alerts">
        {data.alerts.map((a) => (
          <AlertCard key={a.id} a={a} orgNames={data.orgNames} actors={data.actors} superseded={a.severity === "YELLOW" && redSubjects.has(clockSubject(a))} state={state} />
        ))}
      </ol>
      {data.total > 0 ? (
        <nav className="sv-pager" aria-label={t("alerts.pager.label")}>
          <span className="muted">
            {t("alerts.pager.shown", {
              from: (data.page - 1) * data.pageSize + 1,
              to: Math.min(data.page * data.pageSize, data.total),
              total: data.total,
            })}
          </span>
          {data.page > 1 ? <Link to={pageHref(data.page - 1)} rel="prev">{t("alerts.pager.prev")}</Link> : null}
          {data.page < data.pages ? <Link to={pageHref(data.page + 1)} rel="next">{t("alerts.pager.next")}</Link> : null}
        </nav>
      ) : null}
    </div>
  );
}

/** A collusion group's last change in words: who joined, who left, a bid replaced ("新加入：甲公司；退出：乙公司"). */
function changeText(a: AlertView, orgNames: Record<string, string>, t: (k: string, o?: Record<string, unknown>) => string): string {
  const c = a.lastChange;
  if (!c) return "";
  const names = (ids: string[]) => ids.map((id) => orgNames[id] ?? id.slice(0, 8)).join("、");
  const parts = [
    c.added.length ? t("alerts.change.added", { names: names(c.added) }) : "",
    c.removed.length ? t("alerts.change.removed", { names: names(c.removed) }) : "",
    c.bidsReplaced ? t("alerts.change.replaced") : "",
  ].filter(Boolean);
  return parts.join(t("alerts.change.sep"));
}

function AlertCard({
  a,
  orgNames,
  actors,
  superseded,
  state,
}: {
  a: AlertView;
  state: string;
  orgNames: Record<string, string>;
  actors: Record<string, { name: string; org: string }>;
  superseded: boolean;
}) {
  const { t } = useTranslation("supervision");
  const locale = useRootData()?.locale ?? "zh-CN";
  const busy = useNavigation().state !== "idle";
  const [ns, key] = a.messageCode.includes(":") ? a.messageCode.split(":") : ["supervision", a.messageCode];
  // Messages name their facts ("异议应于 {{dueAt}} 前答复…"): instants in Shanghai time, step kinds in words.
  const facts: Record<string, string | number> = { ...a.params };
  if (a.params.dueAt) facts.dueAt = formatInstant(String(a.params.dueAt), locale, "datetimeShort");
  if (a.params.kind) facts.kind = t(`tenders:transitionKinds.${a.params.kind}`, { defaultValue: String(a.params.kind) });
  const title = t(`${ns}:${key}`, { ...facts, defaultValue: t(`alerts.${a.kind}`, { defaultValue: a.kind }) });
  const what = changeText(a, orgNames, t);
  return (
    <li
      id={`alert-${a.id}`}
      data-severity={a.severity}
      className={`card sv-alert sv-alert--${a.severity.toLowerCase()}${a.acknowledgedAt || a.resolvedAt ? " sv-alert--done" : ""}${superseded ? " sv-alert--superseded" : ""}`}
    >
      <header className="sv-alert__head">
        <span className={`badge ${a.severity === "RED" ? "badge--red" : "badge--amber"}`}>{t(`alerts.severity.${a.severity}`)}</span>
        {superseded ? <span className="badge badge--red">{t("alerts.superseded")}</span> : null}
        {a.resolvedAt ? <span className="badge badge--green">{t("alerts.resolvedBadge")}</span> : a.changedAt ? <span className="badge badge--amber">{t("alerts.changedBadge")}</span> : null}
        <span className="badge badge--blue">{t(`alerts.kinds.${a.kind}`, { defaultValue: a.kind })}</span>
        <h2 className="sv-alert__title">{title}</h2>
        {a.occurrences > 1 ? (
          <span className="muted" data-testid="alert-occurrences">
            {t("alerts.occurrences", { count: a.occurrences, first: formatInstant(a.createdAt, locale, "time"), last: formatInstant(a.lastAt, locale, "datetimeShort") })}
          </span>
        ) : (
          <time className="muted" dateTime={a.createdAt}>
            {formatInstant(a.createdAt, locale, "datetime")}
          </time>
        )}
      </header>
      {a.lot ? (
        <p className="sv-alert__lot">
          {t("alerts.lot")}：
          <Link to={`/staff/lots/${a.lot.id}`}>
            {a.lot.project.code ? `${a.lot.project.code} · ${a.lot.project.title}（${a.lot.title}）` : a.lot.id}
          </Link>{" "}
          · <Link to={`/supervision/log?entityType=Lot&entityId=${a.lot.id}`}>{t("dashboard.log")}</Link>
          {" "}· <Link to={`?state=${state}&lot=${a.lot.id}`}>{t("alerts.filter.thisLot")}</Link>
        </p>
      ) : null}
      <AlertEvidence params={a.params} orgNames={orgNames} actors={actors} kind={a.kind} />
      {a.notes.length ? (
        <ul className="sv-notes" aria-label={t("alerts.notes")}>
          {a.notes.map((n) => (
            <li key={n.id}>
              <span className={`badge ${n.kind === "ESCALATION" ? "badge--red" : "badge--blue"}`}>{t(`alerts.noteKinds.${n.kind}`)}</span> {n.text}{" "}
              <span className="muted">
                — {n.author}，{formatInstant(n.createdAt, locale, "datetimeShort")}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {a.resolvedAt ? (
        <p className="sv-alert__resolved" data-testid="alert-resolved">
          {t(what ? "alerts.resolvedWith" : "alerts.resolvedAt", {
            at: formatInstant(a.resolvedAt, locale, "datetimeShort"),
            reason: t(`alerts.resolution.${a.resolution}`, { defaultValue: a.resolution ?? "" }),
            what,
          })}
        </p>
      ) : a.changedAt ? (
        <p className="muted" data-testid="alert-changed">
          {t(what ? "alerts.changedWith" : "alerts.changed", { at: formatInstant(a.changedAt, locale, "datetimeShort"), what })}
        </p>
      ) : null}
      {a.acknowledgedAt ? (
        <p className="muted">{t("alerts.acknowledged", { name: a.acknowledgedBy ?? "", at: formatInstant(a.acknowledgedAt, locale, "datetimeShort") })}</p>
      ) : null}
      <div className="sv-alert__actions">
        {!a.acknowledgedAt && !a.resolvedAt ? (
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="alertId" value={a.id} />
            <button className="btn btn--primary" name="intent" value="acknowledge" disabled={busy}>
              {t("alerts.acknowledge")}
            </button>
          </Form>
        ) : null}
        <Form method="post" className="sv-note-form">
          <CsrfInput />
          <input type="hidden" name="alertId" value={a.id} />
          <label className="visually-hidden" htmlFor={`note-${a.id}`}>
            {t("alerts.notePlaceholder")}
          </label>
          <input id={`note-${a.id}`} name="text" maxLength={2000} placeholder={t("alerts.notePlaceholder")} />
          <button className="btn btn--secondary" name="intent" value="annotate" disabled={busy}>
            {t("alerts.annotate")}
          </button>
          <button className="btn btn--secondary" name="intent" value="escalate" disabled={busy}>
            {t("alerts.escalate")}
          </button>
        </Form>
      </div>
    </li>
  );
}
