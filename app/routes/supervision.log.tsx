import { data as withStatus, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { AuditEntryTable } from "~/components/audit/audit-entry-row";
import { LogExportPanel } from "~/components/supervision/log-export-panel";
import { parseAuditFilter } from "~/domain/audit/audit-filter";
import { auditScopeFor, listAuditEntries, resolveAuditFilter, type AuditEntryView } from "~/domain/audit/list-audit-entries";
import { isDomainError } from "~/domain/errors";
import { requirePermission } from "~/lib/auth.server";
import { localizeDomainError } from "~/lib/http.server";
import { getT } from "~/lib/i18n.server";
import { pageTitle } from "~/lib/i18n";
import auditCss from "~/styles/audit.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: auditCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "audit:log.title");

const FIELDS = ["lot", "action", "entityType", "entityId", "actor", "org", "from", "to"] as const;

/** GET /supervision/log — the live audit log for supervisors (filter in the query string). */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "audit.log.read");
  const parsed = parseAuditFilter(new URL(request.url).searchParams);
  const scope = { kind: auditScopeFor(actor).kind };
  const empty = { entries: [], nextBefore: null, paged: false, refused: null as string | null };
  if (!parsed.ok) return { ...empty, scope, errors: parsed.errors };
  try {
    const rf = await resolveAuditFilter(actor, parsed.filter);
    const page = await listAuditEntries(actor, rf);
    // Only the kind goes to the browser (a social supervisor's lot ids stay on the server).
    return { ...page, scope: { kind: rf.scope.kind }, errors: {} as Record<string, string>, paged: Boolean(parsed.filter.before), refused: null };
  } catch (e) {
    // Not orHttp: a social supervisor reaching beyond its tenders gets the page with the filter, a clear
    // refusal in words and nothing listed (with the refusal's status), not the error page.
    if (!isDomainError(e)) throw e;
    const { t } = await getT(request, ["social", "common"]);
    return withStatus({ ...empty, scope, errors: {} as Record<string, string>, refused: localizeDomainError(e, t).message }, { status: e.status });
  }
}

type Conn = "connecting" | "live" | "reconnecting" | "paused";

export default function SupervisionLog() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation(["audit", "common"]);
  const [params] = useSearchParams();
  const [live, setLive] = useState<AuditEntryView[]>([]);
  const [held, setHeld] = useState<AuditEntryView[]>([]);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [conn, setConn] = useState<Conn>("connecting");
  const [paused, setPaused] = useState(false);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;
  const hasErrors = Object.keys(data.errors).length > 0 || Boolean(data.refused);
  // Live updates only make sense on the newest page of a valid filter.
  const streaming = !data.paged && !hasErrors && data.scope.kind !== "none";

  const filterQuery = new URLSearchParams();
  for (const k of FIELDS) if (params.get(k)) filterQuery.set(k, params.get(k)!);
  const filterKey = filterQuery.toString();

  useEffect(() => {
    setLive([]);
    setHeld([]);
    if (!streaming) return;
    const es = new EventSource(`/supervision/log/stream${filterKey ? `?${filterKey}` : ""}`);
    const timers: number[] = [];
    es.addEventListener("open", () => setConn("live"));
    es.addEventListener("error", () => setConn("reconnecting"));
    es.addEventListener("status", (ev) => {
      const { connected } = JSON.parse((ev as MessageEvent).data) as { connected: boolean };
      setConn(connected ? "live" : "reconnecting");
    });
    es.addEventListener("entry", (ev) => {
      const e = JSON.parse((ev as MessageEvent).data) as AuditEntryView;
      if (pausedRef.current) return setHeld((h) => [e, ...h].slice(0, 500));
      setLive((l) => [e, ...l.filter((x) => x.id !== e.id)].slice(0, 500));
      setFresh((f) => new Set(f).add(e.id));
      // The highlight fades after a few seconds (CSS animation); drop the marker afterwards.
      timers.push(window.setTimeout(() => setFresh((f) => ((f = new Set(f)), f.delete(e.id), f)), 4000));
    });
    return () => {
      es.close();
      timers.forEach((x) => window.clearTimeout(x));
    };
  }, [filterKey, streaming]);

  const resume = () => {
    setPaused(false);
    setLive((l) => [...held, ...l].slice(0, 500));
    setHeld([]);
  };

  // Entries loaded with the page may also arrive over the stream once sealed: show each id once.
  const liveIds = new Set(live.map((e) => e.id));
  const rows = [...live, ...data.entries.filter((e) => !liveIds.has(e.id))];
  const state: Conn = paused ? "paused" : conn;

  return (
    <div className="container section stack audit-page">
      <div className="audit-head">
        <h1>{t("audit:log.title")}</h1>
        {streaming ? (
          <div className="audit-live">
            <span className={`audit-dot audit-dot--${state}`} aria-hidden="true" />
            <span role="status" aria-live="polite">
              {t(`audit:log.conn.${state}`)}
            </span>
            <button type="button" className="btn btn--secondary" onClick={() => (paused ? resume() : setPaused(true))}>
              {paused ? t("audit:log.resume", { count: held.length }) : t("audit:log.pause")}
            </button>
          </div>
        ) : null}
      </div>
      <p className="lead">{t("audit:log.lead")}</p>

      {data.refused ? null : data.scope.kind === "none" ? (
        <div className="alert alert--info">{t("audit:log.scope.socialSupervisorPending")}</div>
      ) : data.scope.kind === "adminActions" ? (
        <div className="alert alert--info">{t("audit:log.scope.adminActions")}</div>
      ) : data.scope.kind === "lots" ? (
        <div className="alert alert--info">{t("audit:log.scope.lots")}</div>
      ) : null}

      <Form method="get" className="card audit-filter" aria-label={t("audit:log.filter.label")}>
        {FIELDS.map((k) => {
          const err = (data.errors as Record<string, string>)[k];
          const id = `f-${k}`;
          return (
            <div className="form-field" key={k}>
              <label className="form-label" htmlFor={id}>
                {t(`audit:log.filter.${k}`)}
              </label>
              <input
                id={id}
                name={k}
                type={k === "from" || k === "to" ? "datetime-local" : "text"}
                defaultValue={params.get(k) ?? ""}
                aria-invalid={err ? true : undefined}
                aria-describedby={err ? `${id}-error` : undefined}
                maxLength={k === "org" ? 200 : 64}
              />
              {err ? (
                <p className="form-error" id={`${id}-error`}>
                  {t(err)}
                </p>
              ) : null}
            </div>
          );
        })}
        <div className="audit-filter__actions">
          <button type="submit" className="btn btn--primary">
            {t("audit:log.filter.apply")}
          </button>
          <Link to="/supervision/log" className="btn btn--secondary">
            {t("audit:log.filter.reset")}
          </Link>
        </div>
      </Form>

      {!hasErrors && data.scope.kind !== "none" ? <LogExportPanel /> : null}

      {data.refused ? (
        <div className="alert alert--error" role="alert">
          {data.refused}
        </div>
      ) : hasErrors ? (
        <div className="alert alert--error" role="alert">
          {t("audit:log.filter.invalid")}
        </div>
      ) : rows.length === 0 ? (
        <p className="muted">{t("audit:log.empty")}</p>
      ) : (
        <AuditEntryTable rows={rows} fresh={fresh} caption={t("audit:log.caption")} />
      )}

      <nav className="audit-pager" aria-label={t("audit:log.pager")}>
        {data.paged ? <Link to={`?${filterKey}`}>{t("audit:log.newest")}</Link> : null}
        {data.nextBefore ? (
          <Link to={`?${filterKey ? `${filterKey}&` : ""}before=${data.nextBefore}`}>{t("audit:log.older")}</Link>
        ) : null}
      </nav>
      <p className="muted audit-small">
        {t("audit:log.verifyHint")} <Link to="/audit/checkpoints">{t("audit:log.checkpointsLink")}</Link>
      </p>
    </div>
  );
}
