import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LinksFunction, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { OneTimeCodeFields } from "~/components/evaluation/one-time-code-fields";
import { requestSignInCode } from "~/domain/evaluation/request-sign-in-code";
import { signInWithCode } from "~/domain/evaluation/sign-in-with-code";
import { actorFromRequest } from "~/lib/auth.server";
import { handleForm } from "~/lib/form-action.server";
import { pageTitle } from "~/lib/i18n";
import { sessionCookie } from "~/lib/session.server";
import accountsCss from "~/styles/accounts.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountsCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "evaluation:signIn.title");

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("send"), phone: z.string().trim().regex(/^\+?\d{6,20}$/, "evaluation:errors.badCode") }),
  z.object({ intent: z.literal("signIn"), phone: z.string().trim().regex(/^\+?\d{6,20}$/, "evaluation:errors.badCode"), code: z.string().trim().regex(/^\d{6}$/, "evaluation:errors.badCode") }),
]);

/** /evaluation/sign-in — a committee member signs in to their seat with a one-time code (SMS/email). */
export async function action({ request }: ActionFunctionArgs) {
  const actor = actorFromRequest(request, null);
  return handleForm(request, schema, async (v) => {
    if (v.intent === "send") {
      await requestSignInCode(actor, { phone: v.phone });
      return { sent: true as const, phone: v.phone };
    }
    const r = await signInWithCode(actor, { phone: v.phone, code: v.code });
    return redirect(`/evaluation/${r.lotId}`, { headers: { "Set-Cookie": sessionCookie(r.token) } });
  });
}

export default function EvaluationSignIn() {
  const { t } = useTranslation("evaluation");
  const res = useActionData<typeof action>() as { sent?: boolean; phone?: string; result?: SubmissionResult<string[]> } | undefined;
  const busy = useNavigation().state !== "idle";
  const errors = res?.result?.error ? Object.values(res.result.error).flatMap((e) => e ?? []) : undefined;
  return (
    <div className="auth auth--single">
      <h1>{t("signIn.title")}</h1>
      <p className="lead">{t("signIn.lead")}</p>
      <FormAlert errors={errors} />
      {res?.sent ? <div className="alert alert--success" role="status">{t("signIn.sent")}</div> : null}
      <Form method="post" className="form" id="evaluation-sign-in">
        <CsrfInput />
        <div className="form-field">
          <label htmlFor="phone">{t("signIn.phone")}</label>
          <input id="phone" name="phone" type="tel" inputMode="tel" autoComplete="tel" required defaultValue={res?.phone ?? ""} />
        </div>
        <OneTimeCodeFields busy={busy} />
      </Form>
    </div>
  );
}
