import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { DrawStatusBadge } from "~/components/draw/draw-summary";
import { Countdown } from "~/components/tenders/countdown";
import tendersUiCss from "~/components/tenders/tenders-ui.css?url";
import { useRootData } from "~/components/use-root-data";
import { listMyAssignments } from "~/domain/draw/list-my-assignments";
import { respondToDraw } from "~/domain/draw/respond-to-draw";
import { requirePermission } from "~/lib/auth.server";
import { formatInstant } from "~/lib/time";
import { handleForm } from "~/lib/form-action.server";
import { pageTitle } from "~/lib/i18n";
import accountsCss from "~/styles/accounts.css?url";
import drawCss from "~/styles/draw.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: accountsCss },
  { rel: "stylesheet", href: tendersUiCss },
  { rel: "stylesheet", href: drawCss },
];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "draw-ui:expert.title");

/**
 * /expert — the expert's own calls: time, place, specialty, the response deadline counting down on the
 * server clock, confirm or decline (with a reason). Never the lot or its parties (listMyAssignments).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "draw.confirm");
  return listMyAssignments(actor);
}

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("confirm"), memberId: z.uuid() }),
  z.object({
    intent: z.literal("decline"),
    memberId: z.uuid(),
    reason: z.string({ error: "experts:errors.declineReasonRequired" }).trim().min(1, "experts:errors.declineReasonRequired").max(300),
  }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "draw.confirm");
  return handleForm(request, schema, async (v) => {
    await respondToDraw(actor, { memberId: v.memberId, accept: v.intent === "confirm", reason: v.intent === "decline" ? v.reason : undefined });
    return redirect(`/expert?done=${v.intent}`);
  });
}

export default function ExpertPage() {
  const { expert, assignments } = useLoaderData<typeof loader>();
  const res = useActionData<typeof action>() as { result?: SubmissionResult<string[]> } | undefined;
  const { t } = useTranslation("draw-ui");
  const locale = useRootData()?.locale ?? "zh-CN";
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const done = params.get("done");
  const errors = res?.result?.error ? Object.values(res.result.error).flatMap((e) => e ?? []) : undefined;
  return (
    <div className="draw-page">
      <h1>{t("expert.title")}</h1>
      <p className="lead">{t("expert.lead")}</p>
      {expert ? (
        <p>
          <Link to="/expert/profile">{t("profile.link")}</Link>
        </p>
      ) : null}
      {done === "confirm" ? <div className="alert alert--success" role="status">{t("expert.confirmed")}</div> : null}
      {done === "decline" ? <div className="alert alert--success" role="status">{t("expert.declined")}</div> : null}
      <FormAlert errors={errors} />
      {!expert ? <div className="alert alert--info">{t("expert.notLinked")}</div> : null}
      {expert && !assignments.length ? <p className="muted">{t("expert.empty")}</p> : null}
      {assignments.map((a) => (
        <section key={a.memberId} className="panel draw-assignment" aria-label={formatInstant(a.evaluationAt, locale, "datetimeShort")}>
          <dl>
            <dt>{t("expert.evaluationAt")}</dt>
            <dd>
              <strong>{formatInstant(a.evaluationAt, locale, "datetimeShort")}</strong>
            </dd>
            <dt>{t("expert.place")}</dt>
            <dd>{a.evaluationPlace}</dd>
            <dt>{t("expert.specialty")}</dt>
            <dd>
              {a.specialtyCode} {a.specialtyName}
            </dd>
            <dt>{t("expert.status")}</dt>
            <dd>
              <DrawStatusBadge status={a.status} member />
            </dd>
            {a.respondBy ? (
              <>
                <dt>{t("expert.respondBy")}</dt>
                <dd>
                  {formatInstant(a.respondBy, locale, "datetimeShort")}{" "}
                  {a.status === "NOTIFIED" ? <Countdown to={a.respondBy} /> : null}
                </dd>
              </>
            ) : null}
          </dl>
          {a.canRespond ? (
            <div className="draw-actions">
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="memberId" value={a.memberId} />
                <button type="submit" name="intent" value="confirm" className="btn btn--primary" disabled={busy}>
                  {t("expert.confirm")}
                </button>
              </Form>
              <Form method="post" className="form">
                <CsrfInput />
                <input type="hidden" name="memberId" value={a.memberId} />
                <div className="form-field">
                  <label htmlFor={`reason-${a.memberId}`}>{t("expert.reason")}</label>
                  <input id={`reason-${a.memberId}`} name="reason" type="text" maxLength={300} required />
                </div>
                <button type="submit" name="intent" value="decline" className="btn btn--danger" disabled={busy}>
                  {t("expert.decline")}
                </button>
              </Form>
            </div>
          ) : null}
        </section>
      ))}
    </div>
  );
}
