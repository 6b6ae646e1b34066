import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { DataTable } from "~/components/data-table";
import { LeaveForm, ProfileForm, SpecialtyRequestForm } from "~/components/experts/profile-forms";
import { toDatetimeLocal } from "~/lib/time";
import { useRootData } from "~/components/use-root-data";
import { addMyLeave } from "~/domain/experts/add-my-leave";
import { getMyExpertProfile } from "~/domain/experts/get-my-expert-profile";
import { leaveSchema, profileSchema, removeLeaveSchema, specialtyRequestSchema } from "~/domain/experts/profile-schemas";
import { removeMyLeave } from "~/domain/experts/remove-my-leave";
import { requestSpecialtyChange } from "~/domain/experts/request-specialty-change";
import { updateMyExpertProfile } from "~/domain/experts/update-my-expert-profile";
import { requirePermission } from "~/lib/auth.server";
import { formatInstant } from "~/lib/time";
import { handleForm } from "~/lib/form-action.server";
import { pageTitle } from "~/lib/i18n";
import accountsCss from "~/styles/accounts.css?url";
import drawCss from "~/styles/draw.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: accountsCss },
  { rel: "stylesheet", href: drawCss },
];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "draw-ui:profile.title");

/**
 * /expert/profile — the expert's own pool record (getMyExpertProfile: the account's own expert, no id in
 * the URL, so nobody can ask for another's). Edits: contact, title, employer (audited before/after; later
 * draws only), future leave periods, and a specialty-change REQUEST that staff decide on /staff/experts.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "expert.profile.own");
  return { profile: await getMyExpertProfile(actor) };
}

const actionSchema = z.discriminatedUnion("intent", [profileSchema, leaveSchema, removeLeaveSchema, specialtyRequestSchema]);

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "expert.profile.update");
  return handleForm(request, actionSchema, async (v, form) => {
    switch (v.intent) {
      case "profile": {
        const r = await updateMyExpertProfile(actor, v);
        return redirect(`/expert/profile?done=${r.employerChanged ? "savedEmployer" : r.changed.length ? "saved" : "unchanged"}`);
      }
      case "addLeave":
        // The domain re-validates the form's own strings (Beijing wall-clock time), not the parsed instants.
        await addMyLeave(actor, { startsAt: String(form.get("startsAt") ?? ""), endsAt: String(form.get("endsAt") ?? ""), reason: v.reason });
        return redirect("/expert/profile?done=leaveAdded#leave");
      case "removeLeave":
        await removeMyLeave(actor, { leaveId: v.leaveId });
        return redirect("/expert/profile?done=leaveRemoved#leave");
      case "requestSpecialties":
        await requestSpecialtyChange(actor, { codes: v.codes, note: v.note });
        return redirect("/expert/profile?done=requested#request");
    }
  });
}

const DONE = ["saved", "savedEmployer", "unchanged", "leaveAdded", "leaveRemoved", "requested"];

export default function ExpertProfilePage() {
  const { profile: p } = useLoaderData<typeof loader>();
  const res = useActionData<typeof action>() as { result?: SubmissionResult<string[]> } | undefined;
  const { t } = useTranslation("draw-ui");
  const { t: tx } = useTranslation("experts");
  const locale = useRootData()?.locale ?? "zh-CN";
  const busy = useNavigation().state !== "idle";
  const done = useSearchParams()[0].get("done");
  const last = res?.result;
  const lastIntent = (last?.initialValue as Record<string, unknown> | null | undefined)?.intent;
  const lastFor = (intent: string) => (lastIntent === intent ? last : undefined);
  const fmt = (d: string | Date) => formatInstant(d, locale, "datetimeShort");

  if (!p) {
    return (
      <div className="draw-page">
        <h1>{t("profile.title")}</h1>
        <div className="alert alert--info">{t("expert.notLinked")}</div>
      </div>
    );
  }
  const removeErrors = lastIntent === "removeLeave" && last?.error ? Object.values(last.error).flatMap((e) => e ?? []) : undefined;
  const pending = p.specialtyRequests.some((r) => r.status === "PENDING");
  const now = new Date();
  return (
    <div className="draw-page">
      <div className="draw-head">
        <h1>{t("profile.title")}</h1>
        <Link to="/expert">{t("expert.title")}</Link>
      </div>
      <p className="lead">{t("profile.lead")}</p>
      {done && DONE.includes(done) ? (
        <div className="alert alert--success" role="status">
          {t(`profile.${done}`)}
        </div>
      ) : null}

      <section className="panel" aria-labelledby="record-h">
        <h2 id="record-h">{t("profile.record")}</h2>
        <dl className="draw-fields">
          <dt>{t("profile.name")}</dt>
          <dd>{p.name}</dd>
          <dt>{t("profile.idNumber")}</dt>
          <dd className="mono">{p.idNumberMasked}</dd>
          <dt>{t("profile.code")}</dt>
          <dd className="mono">{p.code}</dd>
          <dt>{t("profile.employer")}</dt>
          <dd>
            {p.employerOrgName} <span className="mono">{p.employerCreditCode}</span>
          </dd>
          <dt>{t("profile.region")}</dt>
          <dd>{p.region || "—"}</dd>
          <dt>{t("profile.title_")}</dt>
          <dd>{p.title || "—"}</dd>
          <dt>{t("profile.status")}</dt>
          <dd>{tx(`expertStatus.${p.status}`)}</dd>
          <dt>{t("profile.specialties")}</dt>
          <dd>
            {p.specialties.length ? (
              <ul className="expert-list">
                {p.specialties.map((s) => (
                  <li key={s.code}>
                    <span className="mono">{s.code}</span> {locale === "en" && s.nameEn ? s.nameEn : s.name}
                  </li>
                ))}
              </ul>
            ) : (
              t("profile.noSpecialties")
            )}
          </dd>
        </dl>
      </section>

      <section className="panel" aria-labelledby="edit-h">
        <h2 id="edit-h">{t("profile.editTitle")}</h2>
        <ProfileForm
          last={lastFor("profile")}
          busy={busy}
          defaults={{ phone: p.phone, email: p.email, title: p.title, employerOrgName: p.employerOrgName, employerCreditCode: p.employerCreditCode }}
        />
      </section>

      <section className="panel" id="leave" aria-labelledby="leave-h">
        <h2 id="leave-h">{t("profile.leaveTitle")}</h2>
        <p className="form-hint">{t("profile.leaveLead")}</p>
        <FormAlert errors={removeErrors} />
        {p.leaves.length === 0 ? (
          <p className="muted">{t("profile.leaveEmpty")}</p>
        ) : (
          <DataTable
            head={
              <>
                <th>{t("profile.startsAt")}</th>
                <th>{t("profile.endsAt")}</th>
                <th>{t("profile.reason")}</th>
                <th>{t("profile.leaveState")}</th>
                <th />
              </>
            }
          >
            {p.leaves.map((l) => (
              <tr key={l.id}>
                <td>{fmt(l.startsAt)}</td>
                <td>{fmt(l.endsAt)}</td>
                <td>{l.reason || "—"}</td>
                <td>{t(l.ended ? "profile.leaveEnded" : l.started ? "profile.leaveOngoing" : "profile.leaveFuture")}</td>
                <td>
                  {!l.started ? (
                    <Form method="post">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="removeLeave" />
                      <input type="hidden" name="leaveId" value={l.id} />
                      <button type="submit" className="btn btn--danger btn--small" disabled={busy} aria-label={t("profile.removeLeaveLabel", { from: fmt(l.startsAt), to: fmt(l.endsAt) })}>
                        {t("profile.removeLeave")}
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        {/* Remounts (emptied) once a leave is added or removed; a refused submission keeps what was typed. */}
        <LeaveForm
          key={p.leaves.map((l) => l.id).join()}
          last={lastFor("addLeave")}
          busy={busy}
          defaults={{ startsAt: toDatetimeLocal(new Date(now.getTime() + 86_400_000)), endsAt: toDatetimeLocal(new Date(now.getTime() + 2 * 86_400_000)), reason: "" }}
        />
      </section>

      <section className="panel" aria-labelledby="viol-h">
        <h2 id="viol-h">{t("profile.violationsTitle")}</h2>
        {p.violations.length === 0 ? (
          <p className="muted">{t("profile.violationsEmpty")}</p>
        ) : (
          <DataTable
            head={
              <>
                <th>{t("profile.violationAt")}</th>
                <th>{t("profile.violationDescription")}</th>
                <th>{t("profile.violationUntil")}</th>
              </>
            }
          >
            {p.violations.map((v) => (
              <tr key={v.id}>
                <td>{formatInstant(v.at, locale, "date")}</td>
                <td>{v.description}</td>
                <td>{v.until ? formatInstant(v.until, locale, "date") : t("profile.forever")}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      <section className="panel" id="request" aria-labelledby="req-h">
        <h2 id="req-h">{t("profile.requestTitle")}</h2>
        <p className="form-hint">{t("profile.requestLead")}</p>
        {pending ? (
          <div className="alert alert--info">{t("profile.requestPendingNote")}</div>
        ) : (
          <SpecialtyRequestForm last={lastFor("requestSpecialties")} busy={busy} locale={locale} current={p.specialties.map((s) => s.code)} assignable={p.assignable} />
        )}
        {p.specialtyRequests.length ? (
          <>
            <h3>{t("profile.requestsHistory")}</h3>
            <ul className="expert-list">
              {p.specialtyRequests.map((r) => (
                <li key={r.id}>
                  {fmt(r.createdAt)} · <span className="mono">{r.codes.join(" ")}</span> · {t(`profile.requestStatus.${r.status}`)}
                  {r.decisionNote ? ` · ${r.decisionNote}` : ""}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
    </div>
  );
}
