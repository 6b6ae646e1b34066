import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { getOwnRating, rateService } from "~/domain/supervision/rate-service";
import { requirePermission } from "~/lib/auth.server";
import { handleForm } from "~/lib/form-action.server";
import { pageTitle } from "~/lib/i18n";
import supervisionCss from "~/styles/supervision.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: supervisionCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "supervision:rating.title");

/** /bidder/complaints/rate/:lotId — 满意度评价 after a lot ended (1–5 and a comment). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "complaint.file");
  const r = await getOwnRating(actor, params.lotId ?? "");
  return { rating: r ? { score: r.score, comment: r.comment } : null };
}

const schema = z.object({
  score: z.coerce.number({ error: "supervision:errors.ratingScore" }).int().min(1, "supervision:errors.ratingScore").max(5, "supervision:errors.ratingScore"),
  comment: z.string().max(2000).optional(),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "complaint.file");
  return handleForm(request, schema, async (v) => {
    await rateService(actor, { lotId: params.lotId ?? "", score: v.score, comment: v.comment });
    return redirect(`?thanks=1`);
  });
}

export default function RatePage() {
  const { rating } = useLoaderData<typeof loader>();
  const res = useActionData<typeof action>() as { result?: { error?: Record<string, string[] | null> } } | undefined;
  const { t } = useTranslation("supervision");
  const [params] = useSearchParams();
  const { lotId } = useParams();
  const errors = res?.result?.error ? Object.values(res.result.error).flatMap((e) => e ?? []) : undefined;
  return (
    <div className="container section stack sv-page">
      <p>
        <Link to={`/bidder/lots/${lotId}`}>← {t("rating.back")}</Link>
      </p>
      <h1>{t("rating.title")}</h1>
      {params.get("thanks") ? <div className="alert alert--success">{t("rating.thanks")}</div> : null}
      {rating ? (
        <p className="card">{t("rating.already", { score: rating.score })}</p>
      ) : (
        <Form method="post" className="card stack">
          <p className="lead">{t("rating.lead")}</p>
          <CsrfInput />
          <FormAlert errors={errors} />
          <fieldset className="sv-stars">
            <legend>{t("rating.score")}</legend>
            {[1, 2, 3, 4, 5].map((n) => (
              <label key={n}>
                <input type="radio" name="score" value={n} required /> {"★".repeat(n)}
              </label>
            ))}
          </fieldset>
          <label className="form-label" htmlFor="comment">
            {t("rating.comment")}
          </label>
          <textarea id="comment" name="comment" rows={4} maxLength={2000} />
          <div>
            <button className="btn btn--primary">{t("rating.submit")}</button>
          </div>
        </Form>
      )}
    </div>
  );
}
