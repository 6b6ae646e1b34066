import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormAlert } from "~/components/accounts/field";
import { AuditEntryTable } from "~/components/audit/audit-entry-row";
import { CsrfInput } from "~/components/csrf-input";
import { useRootData } from "~/components/use-root-data";
import { auditFilterSchema } from "~/domain/audit/audit-filter";
import { listAuditEntries, resolveAuditFilter } from "~/domain/audit/list-audit-entries";
import { getObserverHome } from "~/domain/social-supervision/get-observer-home";
import { requestRecusal } from "~/domain/social-supervision/request-recusal";
import { signAgreement } from "~/domain/social-supervision/sign-agreement";
import { requirePermission } from "~/lib/auth.server";
import { handleForm } from "~/lib/form-action.server";
import { formatInstant } from "~/lib/time";
import { pageTitle } from "~/lib/i18n";
import auditCss from "~/styles/audit.css?url";
import socialCss from "~/styles/social.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: auditCss },
  { rel: "stylesheet", href: socialCss },
];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "social:observer.title");

const RECENT = 10;

/** /observer — the social supervisor's workspace: appointment, agreement, duties, certificate, tenders, recent log. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "social_supervision.self");
  const home = await getObserverHome(actor);
  // The newest entries of its tenders (the domain scopes them); the full live log is one link away.
  const rf = await resolveAuditFilter(actor, auditFilterSchema.parse({}));
  const recent = rf.scope.kind === "lots" ? (await listAuditEntries(actor, rf)).entries.slice(0, RECENT) : [];
  return { ...home, recent };
}

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("sign"), appointmentId: z.string(), agreementVersion: z.string(), accept: z.literal("on", { error: "social:errors.mustAccept" }) }),
  z.object({ intent: z.literal("recuse"), assignmentId: z.string(), reason: z.string({ error: "social:errors.textRequired?min=4" }).trim().min(4, "social:errors.textRequired?min=4").max(2000) }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "social_supervision.self");
  return handleForm(request, schema, async (v) => {
    if (v.intent === "sign") await signAgreement(actor, { appointmentId: v.appointmentId, agreementVersion: v.agreementVersion, accept: true });
    else await requestRecusal(actor, { assignmentId: v.assignmentId, reason: v.reason });
    return redirect(`/observer?done=${v.intent}`);
  });
}

export default function ObserverHome() {
  const v = useLoaderData<typeof loader>();
  const res = useActionData<typeof action>() as { result?: { error?: Record<string, string[] | null> } } | undefined;
  const { t } = useTranslation(["social", "audit"]);
  const locale = useRootData()?.locale ?? "zh-CN";
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const errors = res?.result?.error ? Object.values(res.result.error).flatMap((e) => e ?? []) : undefined;
  const a = v.appointment;
  const day = (s: string) => formatInstant(s, locale, "date");
  return (
    <div className="container section stack ss-observer">
      <h1>{t("observer.title")}</h1>
      <p className="lead">{t("observer.lead")}</p>
      {params.get("done") ? (
        <div className="alert alert--success" role="status">
          {t(params.get("done") === "sign" ? "observer.signedDone" : "recusal.requested")}
        </div>
      ) : null}
      <FormAlert errors={errors} />

      {!a ? (
        <p className="alert alert--info">{t("observer.none")}</p>
      ) : (
        <section className="card stack" aria-labelledby="ob-appointment">
          <h2 id="ob-appointment">{t("observer.appointment")}</h2>
          <p>
            <span className="badge badge--blue" data-testid="appointment-status">
              {t(`status.${a.status}`)}
            </span>{" "}
            {t("observer.term", { from: day(a.termStart), to: day(a.termEnd) })}
            {a.affiliation ? ` · ${a.affiliation}` : ""}
          </p>
          <h3>{t("observer.agreement")}</h3>
          <p className="ss-agreement">{t("observer.agreementText", { version: a.agreementVersion || v.agreementVersion })}</p>
          <h3>{t("duties.title")}</h3>
          <ol className="ss-duties">
            {v.duties.map((d) => (
              <li key={d}>{t(d)}</li>
            ))}
          </ol>
          {a.status === "NOMINATED" ? (
            <Form method="post" className="stack">
              <CsrfInput />
              <input type="hidden" name="intent" value="sign" />
              <input type="hidden" name="appointmentId" value={a.id} />
              <input type="hidden" name="agreementVersion" value={v.agreementVersion} />
              <label>
                <input type="checkbox" name="accept" required /> {t("observer.accept")}
              </label>
              <button className="btn btn--primary" disabled={busy}>
                {t("observer.sign")}
              </button>
            </Form>
          ) : a.agreementSignedAt ? (
            <p>{t("observer.signed", { at: formatInstant(a.agreementSignedAt, locale, "datetimeShort"), version: a.agreementVersion })}</p>
          ) : null}
          {a.agreementSignedAt ? (
            a.certificateDocumentId ? (
              <p>
                <a className="btn btn--secondary" href={`/documents/${a.certificateDocumentId}?download=1`}>
                  {t("list.downloadCertificate")}
                </a>{" "}
                <span className="mono muted">{a.certificateNo}</span>
              </p>
            ) : (
              <p className="muted" role="status">
                {t("observer.certificatePending")}
              </p>
            )
          ) : null}
        </section>
      )}

      {a ? (
        <section className="card stack" aria-labelledby="ob-assignments">
          <h2 id="ob-assignments">{t("observer.assignments")}</h2>
          {v.assignments.length === 0 ? <p className="muted">{t("observer.noAssignments")}</p> : null}
          {v.assignments.map((s) => (
            <article key={s.id} className="stack" data-testid="observer-assignment">
              <p>
                <strong className="mono">{s.projectCode}</strong> {s.projectTitle} · {t(`assignmentStatus.${s.status}`)}
              </p>
              {s.status === "ACTIVE" || s.status === "RECUSAL_REQUESTED" ? (
                <ul className="ss-lots plain">
                  {s.lots.map((l) => (
                    <li key={l.id}>
                      {l.lotNo} {l.title}：<Link to={`/tenders/${l.id}`}>{t("observer.viewTender")}</Link> ·{" "}
                      <Link to={`/supervision/log?lot=${l.id}`}>{t("observer.viewLog")}</Link>
                      {l.hall ? <> · <Link to={`/hall/${l.id}`}>{t("observer.watchOpening")}</Link></> : null}
                    </li>
                  ))}
                </ul>
              ) : null}
              {s.status === "ACTIVE" ? (
                <details>
                  <summary>{t("recusal.request")}</summary>
                  <Form method="post" className="stack">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="recuse" />
                    <input type="hidden" name="assignmentId" value={s.id} />
                    <label className="form-field">
                      <span className="form-label">{t("recusal.reason")}</span>
                      <textarea name="reason" required minLength={4} maxLength={2000} />
                    </label>
                    <button className="btn btn--secondary" disabled={busy}>
                      {t("recusal.request")}
                    </button>
                  </Form>
                </details>
              ) : s.status === "RECUSAL_REQUESTED" ? (
                <p className="muted">{t("recusal.requested")}</p>
              ) : s.decisionNote ? (
                <p className="muted">{s.decisionNote}</p>
              ) : null}
            </article>
          ))}
        </section>
      ) : null}

      {v.recent.length ? (
        <section className="card stack" aria-labelledby="ob-log">
          <h2 id="ob-log">{t("audit:log.title")}</h2>
          <AuditEntryTable rows={v.recent} />
          <p>
            <Link to="/supervision/log">{t("observer.viewLog")} →</Link>
          </p>
        </section>
      ) : null}
    </div>
  );
}
