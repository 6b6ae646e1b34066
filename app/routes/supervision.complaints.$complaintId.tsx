import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { ComplaintDetails } from "~/components/supervision/complaint-details";
import { acceptComplaint } from "~/domain/supervision/accept-complaint";
import { decideComplaint } from "~/domain/supervision/decide-complaint";
import { getComplaint } from "~/domain/supervision/get-complaint";
import { involveParty } from "~/domain/supervision/involve-party";
import { liftSuspension } from "~/domain/supervision/lift-suspension";
import { orderSuspension } from "~/domain/supervision/order-suspension";
import { rejectComplaint } from "~/domain/supervision/reject-complaint";
import { requirePermission } from "~/lib/auth.server";
import { handleForm } from "~/lib/form-action.server";
import { orHttp } from "~/lib/http.server";
import { pageTitle } from "~/lib/i18n";
import supervisionCss from "~/styles/supervision.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: supervisionCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "supervision:complaints.title");

/** /supervision/complaints/:id — accept / reject, order suspension and lift it, involve parties, decide. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "complaint.decide");
  // Absent and confidential complaints alike: the 404 page (getComplaint refuses both with 404).
  return orHttp(getComplaint(actor, params.complaintId ?? ""));
}

const text = (key: string) => z.string({ error: key }).trim().min(1, key).max(20_000, "supervision:errors.tooLong?max=20000");
const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("accept") }),
  z.object({ intent: z.literal("reject"), reason: text("supervision:errors.noteRequired") }),
  z.object({ intent: z.literal("suspend"), reason: z.string().max(500).optional() }),
  z.object({ intent: z.literal("lift") }),
  z.object({ intent: z.literal("involve"), orgId: z.string().trim().min(1, "supervision:errors.orgNotFound") }),
  z.object({ intent: z.literal("decide"), decision: text("supervision:errors.decisionRequired") }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "complaint.decide");
  const complaintId = params.complaintId ?? "";
  return handleForm(request, schema, async (v) => {
    if (v.intent === "accept") await acceptComplaint(actor, { complaintId });
    else if (v.intent === "reject") await rejectComplaint(actor, { complaintId, reason: v.reason });
    else if (v.intent === "suspend") await orderSuspension(actor, { complaintId, reason: v.reason ?? "" });
    else if (v.intent === "lift") await liftSuspension(actor, { complaintId });
    else if (v.intent === "involve") await involveParty(actor, { complaintId, orgId: v.orgId });
    else await decideComplaint(actor, { complaintId, decision: v.decision });
    return redirect(`/supervision/complaints/${complaintId}?done=${v.intent}`);
  });
}

export default function SupervisionComplaint() {
  const v = useLoaderData<typeof loader>();
  const res = useActionData<typeof action>() as { result?: { error?: Record<string, string[] | null> } } | undefined;
  const { t } = useTranslation("supervision");
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const c = v.complaint;
  const errors = res?.result?.error ? Object.values(res.result.error).flatMap((e) => e ?? []) : undefined;
  const open = c.status === "RECEIVED" || c.status === "ACCEPTED";
  return (
    <div className="container section stack sv-page">
      <p>
        <Link to="/supervision/complaints">← {t("complaints.title")}</Link>
      </p>
      <h1>{t("complaints.title")}</h1>
      {params.get("done") ? (
        <div className="alert alert--success" role="status">
          {t(`complaints.doneBy.${params.get("done")}`, { defaultValue: t("complaints.done") })}
        </div>
      ) : null}
      <FormAlert errors={errors} />
      <ComplaintDetails v={v} />
      <section className="card sv-steps">
        {c.status === "RECEIVED" ? (
          <>
            <Form method="post">
              <CsrfInput />
              <button className="btn btn--primary" name="intent" value="accept" disabled={busy}>
                {t("complaints.accept")}
              </button>
            </Form>
            <Form method="post" className="sv-note-form">
              <CsrfInput />
              <input name="reason" aria-label={t("complaints.rejectionReason")} placeholder={t("complaints.rejectionReason")} maxLength={2000} />
              <button className="btn btn--secondary" name="intent" value="reject" disabled={busy}>
                {t("complaints.reject")}
              </button>
            </Form>
          </>
        ) : null}
        {open && !c.suspendedByOrder ? (
          <Form method="post" className="sv-note-form">
            <CsrfInput />
            <input name="reason" aria-label={t("complaints.reasonPlaceholder")} placeholder={t("complaints.reasonPlaceholder")} maxLength={500} />
            <button className="btn btn--danger" name="intent" value="suspend" disabled={busy}>
              {t("complaints.suspend")}
            </button>
          </Form>
        ) : null}
        {c.suspendedByOrder ? (
          <Form method="post">
            <CsrfInput />
            <button className="btn btn--secondary" name="intent" value="lift" disabled={busy}>
              {t("complaints.lift")}
            </button>
          </Form>
        ) : null}
        {open ? (
          <Form method="post" className="sv-note-form">
            <CsrfInput />
            <input name="orgId" aria-label={t("complaints.involve")} placeholder={t("complaints.involve")} maxLength={36} />
            <button className="btn btn--secondary" name="intent" value="involve" disabled={busy}>
              {t("complaints.involveSubmit")}
            </button>
          </Form>
        ) : null}
        {c.status === "ACCEPTED" ? (
          <Form method="post" className="stack">
            <CsrfInput />
            <label className="form-label" htmlFor="decision">
              {t("complaints.decision")}
            </label>
            <textarea id="decision" name="decision" rows={6} maxLength={20000} />
            <div>
              <button className="btn btn--primary" name="intent" value="decide" disabled={busy}>
                {t("complaints.decide")}
              </button>
            </div>
          </Form>
        ) : null}
      </section>
    </div>
  );
}
