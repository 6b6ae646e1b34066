import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormAlert } from "~/components/accounts/field";
import { DataTable } from "~/components/data-table";
import { NominateForm, PendingRecusals, SupervisorRow } from "~/components/social/social-admin";
import { can } from "~/domain/accounts/permissions";
import { assignSocialSupervisor } from "~/domain/social-supervision/assign-social-supervisor";
import { listAssignableTenders } from "~/domain/social-supervision/list-assignable-tenders";
import { changeAppointment } from "~/domain/social-supervision/change-appointment";
import { decideRecusal } from "~/domain/social-supervision/decide-recusal";
import { listSocialSupervisors } from "~/domain/social-supervision/list-social-supervisors";
import { nominateSocialSupervisor } from "~/domain/social-supervision/nominate-social-supervisor";
import { recordAppraisal } from "~/domain/social-supervision/record-appraisal";
import { requirePermission } from "~/lib/auth.server";
import { handleForm } from "~/lib/form-action.server";
import { pageTitle } from "~/lib/i18n";
import socialCss from "~/styles/social.css?url";
import supervisionCss from "~/styles/supervision.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: supervisionCss },
  { rel: "stylesheet", href: socialCss },
];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "social:title");

/** /supervision/social-supervisors — the register: nominate, assign, decide recusals, appraise (考核), suspend/dismiss. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "social_supervisor.read");
  const list = await listSocialSupervisors(actor);
  const canManage = can(actor.role, "social_supervisor.manage");
  return { ...list, canManage, canNominate: can(actor.role, "social_supervisor.nominate"), tenders: canManage ? await listAssignableTenders(actor) : [] };
}

const id = z.string().trim().min(1, "common:errors.invalidForm");
const opt = z.string().trim().max(2000, "social:errors.tooLong?max=2000").optional();
const int = (min: number, max: number, key: string) =>
  z.preprocess((v) => (v === "" || v === undefined ? undefined : Number(v)), z.number({ error: key }).int(key).min(min, key).max(max, key).optional());
const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("nominate"), user: z.string({ error: "social:errors.userRequired" }).trim().min(1, "social:errors.userRequired"), affiliation: opt, note: opt, termMonths: int(1, 60, "social:errors.badTerm") }),
  // The picker posts "CODE|" (the whole project) or "CODE|lotNo".
  z.object({ intent: z.literal("assign"), appointmentId: id, target: z.string({ error: "social:errors.projectNotFound" }).trim().regex(/^[^|]{1,40}\|\d{0,4}$/, "social:errors.projectNotFound") }),
  z.object({ intent: z.literal("recusal"), assignmentId: id, decision: z.enum(["grant", "refuse"]), note: opt }),
  z.object({ intent: z.literal("appraise"), appointmentId: id, kind: z.enum(["APPRAISAL", "VIOLATION"], { error: "social:errors.badKind" }), score: int(1, 5, "social:errors.badScore"), text: z.string({ error: "social:errors.textRequired?min=2" }).trim().min(2, "social:errors.textRequired?min=2").max(2000) }),
  z.object({ intent: z.literal("status"), appointmentId: id, event: z.enum(["suspend", "reinstate", "dismiss", "withdraw"]), reason: opt }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "social_supervisor.read");
  return handleForm(request, schema, async (v) => {
    if (v.intent === "nominate") await nominateSocialSupervisor(actor, { user: v.user, affiliation: v.affiliation, note: v.note, termMonths: v.termMonths });
    else if (v.intent === "assign") {
      const [projectCode = "", lotNo = ""] = v.target.split("|");
      await assignSocialSupervisor(actor, { appointmentId: v.appointmentId, projectCode, lotNo: lotNo ? Number(lotNo) : null });
    }
    else if (v.intent === "recusal") await decideRecusal(actor, { assignmentId: v.assignmentId, grant: v.decision === "grant", note: v.note });
    else if (v.intent === "appraise") await recordAppraisal(actor, { appointmentId: v.appointmentId, kind: v.kind, score: v.score ?? null, text: v.text });
    else await changeAppointment(actor, { appointmentId: v.appointmentId, event: v.event, reason: v.reason });
    return redirect(`/supervision/social-supervisors?done=${v.intent}`);
  });
}

export default function SocialSupervisorsPage() {
  const v = useLoaderData<typeof loader>();
  const res = useActionData<typeof action>() as { result?: { error?: Record<string, string[] | null> } } | undefined;
  const { t } = useTranslation("social");
  const [params] = useSearchParams();
  const errors = res?.result?.error ? Object.values(res.result.error).flatMap((e) => e ?? []) : undefined;
  const done = params.get("done");
  return (
    <div className="container section stack sv-page">
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      {done ? (
        <div className="alert alert--success" role="status">
          {t(done === "nominate" ? "nominate.done" : done === "assign" ? "assign.done" : done === "recusal" ? "recusal.done" : done === "appraise" ? "appraisal.done" : "manage.done")}
        </div>
      ) : null}
      <FormAlert errors={errors} />
      {v.canManage ? <PendingRecusals rows={v.pendingRecusals} /> : null}
      <section className="card stack" aria-labelledby="ss-list">
        <h2 id="ss-list">{t("list.caption")}</h2>
        {v.rows.length === 0 ? (
          <p className="muted">{t("list.empty")}</p>
        ) : (
          <DataTable
            testId="social-supervisors"
            caption={<caption className="visually-hidden">{t("list.caption")}</caption>}
            head={
              <>
                <th scope="col">{t("cols.person")}</th>
                <th scope="col">{t("cols.status")}</th>
                <th scope="col">{t("cols.term")}</th>
                <th scope="col">{t("cols.certificate")}</th>
                <th scope="col">{t("cols.assignments")}</th>
                <th scope="col">{t("cols.appraisals")}</th>
                <th scope="col">{t("cols.actions")}</th>
              </>
            }
          >
            {v.rows.map((r) => (
              <SupervisorRow key={r.id} r={r} canManage={v.canManage} canNominate={v.canNominate} tenders={v.tenders} />
            ))}
          </DataTable>
        )}
      </section>
      {v.canNominate ? <NominateForm /> : null}
    </div>
  );
}
