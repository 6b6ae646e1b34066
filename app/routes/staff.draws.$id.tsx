import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { DrawSummary } from "~/components/draw/draw-summary";
import { cancelDraw } from "~/domain/draw/cancel-draw";
import { finalizeDraw } from "~/domain/draw/finalize-draw";
import { getDraw } from "~/domain/draw/get-draw";
import { listStaffDraws } from "~/domain/draw/list-staff-draws";
import { requirePermission } from "~/lib/auth.server";
import { handleForm } from "~/lib/form-action.server";
import { notFound, orHttp, uuidParam } from "~/lib/http.server";
import { pageTitle } from "~/lib/i18n";
import drawCss from "~/styles/draw.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: drawCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "draw-ui:staff.title");

/**
 * /staff/draws/:id — one draw as staff may see it: conditions, commitment, pools, avoidance counts, seats
 * with statuses. getDraw seals the names (draw-names.ts); this page only renders what it is given. The
 * centre's staff confirm the draw after the deadline (checkbox; enqueues the record PDF) or cancel it.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "draw.request");
  // Not a uuid: the same 404 as a missing draw (and no database error from a malformed id).
  const drawId = uuidParam(params.id);
  // A draw of a lot outside the caller's projects looks exactly like a missing one.
  if (!(await listStaffDraws(actor, { drawId })).length) throw notFound();
  return { draw: await orHttp(getDraw(actor, drawId)) };
}

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("finalize"), confirm: z.literal("on", { error: "experts:errors.finalizeNeedsConfirmation" }) }),
  z.object({ intent: z.literal("cancel"), reason: z.string({ error: "experts:errors.required" }).trim().min(4).max(300) }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "draw.request");
  const drawId = uuidParam(params.id);
  if (!(await listStaffDraws(actor, { drawId })).length) throw notFound();
  return handleForm(request, schema, async (v) => {
    if (v.intent === "finalize") await finalizeDraw(actor, { drawId, confirm: true });
    else await cancelDraw(actor, { drawId, reason: v.reason });
    return redirect(`/staff/draws/${drawId}?done=${v.intent}`);
  });
}

export default function StaffDrawPage() {
  const { draw } = useLoaderData<typeof loader>();
  const res = useActionData<typeof action>() as { result?: SubmissionResult<string[]> } | undefined;
  const { t } = useTranslation("draw-ui");
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const done = params.get("done");
  const errors = res?.result?.error ? Object.values(res.result.error).flatMap((e) => e ?? []) : undefined;
  const open = draw.status === "AWAITING_ENTROPY" || draw.status === "DRAWN";
  return (
    <div className="draw-page">
      <div className="draw-head">
        <h1>{t("staff.title")}</h1>
        <Link to="/staff/draws">{t("common.back")}</Link>
      </div>
      {done === "requested" ? <div className="alert alert--success" role="status">{t("staff.requested")}</div> : null}
      {done === "finalize" ? <div className="alert alert--success" role="status">{t("staff.finalized")}</div> : null}
      {done === "cancel" ? <div className="alert alert--success" role="status">{t("staff.cancelled")}</div> : null}
      <FormAlert errors={errors} />
      {draw.names === "none" ? <div className="alert alert--info">{t("staff.sealedNote")}</div> : null}
      {draw.names === "signIn" ? <div className="alert alert--info">{t("staff.signInNote")}</div> : null}

      <DrawSummary d={draw} />

      <p>
        <a href={`/draws/${draw.id}/proof`}>{t("common.proof")}</a>
        {" · "}
        {draw.documentId ? <a href={`/documents/${draw.documentId}`}>{t("staff.recordPdf")}</a> : <span className="muted">{t("staff.recordPending")}</span>}
      </p>

      {open ? (
        <div className="draw-actions">
          {draw.status === "DRAWN" && draw.kind === "INITIAL" ? (
            <Form method="post" className="panel form">
              <CsrfInput />
              <p className="form-hint">{t("staff.finalizeHint")}</p>
              <label className="form-check">
                <input type="checkbox" name="confirm" required /> {t("staff.finalizeConfirm")}
              </label>
              <button type="submit" name="intent" value="finalize" className="btn btn--primary" disabled={busy}>
                {t("staff.finalize")}
              </button>
            </Form>
          ) : null}
          <Form method="post" className="panel form">
            <CsrfInput />
            <div className="form-field">
              <label htmlFor="cancel-reason">{t("staff.cancelReason")}</label>
              <input id="cancel-reason" name="reason" type="text" minLength={4} maxLength={300} required />
              <div className="form-hint">{t("staff.cancelHint")}</div>
            </div>
            <button type="submit" name="intent" value="cancel" className="btn btn--danger" disabled={busy}>
              {t("staff.cancel")}
            </button>
          </Form>
        </div>
      ) : null}
    </div>
  );
}
