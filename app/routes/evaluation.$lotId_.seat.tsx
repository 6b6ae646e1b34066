import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { OneTimeCodeFields } from "~/components/evaluation/one-time-code-fields";
import { getRepresentativeSeat, requestRepresentativeSeatCode, signInToRepresentativeSeat } from "~/domain/evaluation/representative-seat-sign-in";
import { actorFromRequest, requireUser } from "~/lib/auth.server";
import { handleForm } from "~/lib/form-action.server";
import { orHttp, uuidParam } from "~/lib/http.server";
import { pageTitle } from "~/lib/i18n";
import accountsCss from "~/styles/accounts.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountsCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "evaluation:seat.title");

/**
 * /evaluation/:lotId/seat — the buyer's representative, signed in with their own staff account, takes their
 * committee seat with a one-time code sent to the account's phone (the experts' phone-only sign-in does not
 * serve staff accounts). Anyone else: 404. Once in, the workspace.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const lotId = uuidParam(params.lotId);
  const seat = await orHttp(getRepresentativeSeat(actorFromRequest(request, user), { lotId }), { conceal: true });
  if (seat.signedIn) throw redirect(`/evaluation/${lotId}`);
  return seat;
}

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("send") }),
  z.object({ intent: z.literal("signIn"), code: z.string({ error: "evaluation:errors.badCode" }).trim().regex(/^\d{6}$/, "evaluation:errors.badCode") }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const actor = actorFromRequest(request, user);
  const lotId = uuidParam(params.lotId);
  return handleForm(request, schema, async (v) => {
    if (v.intent === "send") {
      await requestRepresentativeSeatCode(actor, { lotId });
      return { sent: true as const };
    }
    await signInToRepresentativeSeat(actor, { lotId, code: v.code });
    return redirect(`/evaluation/${lotId}`);
  }, { conceal: true });
}

export default function RepresentativeSeat() {
  const s = useLoaderData<typeof loader>();
  const { t } = useTranslation("evaluation");
  const res = useActionData<typeof action>() as { sent?: boolean; result?: SubmissionResult<string[]> } | undefined;
  const busy = useNavigation().state !== "idle";
  const errors = res?.result?.error ? Object.values(res.result.error).flatMap((e) => e ?? []) : undefined;
  return (
    <div className="auth auth--single">
      <h1>{t("seat.title")}</h1>
      <p className="lead">
        <strong>{s.lotLabel}</strong>
      </p>
      <p>{t(s.profile === "GOVERNMENT_PROCUREMENT" ? "seat.leadProcurement" : "seat.lead", { seat: s.seat, phone: s.phoneHint ?? "—" })}</p>
      <FormAlert errors={errors} />
      {res?.sent ? (
        <div className="alert alert--success" role="status">
          {t("seat.sent")}
        </div>
      ) : null}
      <Form method="post" className="form" id="seat-sign-in">
        <CsrfInput />
        <OneTimeCodeFields busy={busy} />
      </Form>
    </div>
  );
}
