import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useRef } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { DrawSummary } from "~/components/draw/draw-summary";
import { addDrawEntropy } from "~/domain/draw/add-draw-entropy";
import { getDraw } from "~/domain/draw/get-draw";
import { requirePermission } from "~/lib/auth.server";
import { handleForm } from "~/lib/form-action.server";
import { orHttp, uuidParam } from "~/lib/http.server";
import { pageTitle } from "~/lib/i18n";
import accountsCss from "~/styles/accounts.css?url";
import drawCss from "~/styles/draw.css?url";

// accounts.css gives .panel/.form their look (the staff layout links it; the supervision layout does not).
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: accountsCss },
  { rel: "stylesheet", href: drawCss },
];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "draw-ui:supervision.title");

/**
 * /supervision/draws/:id — the supervisor present at the draw: enters entropy (typed, or 32 bytes from the
 * browser's CSPRNG) and the draw runs at once; sees names, confirmations and backups called. Finalising
 * and cancelling are staff acts (draw.request), not offered here.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "draw.names.read");
  // Not a uuid: the same 404 as a missing draw (and no database error from a malformed id).
  const drawId = uuidParam(params.id);
  return { draw: await orHttp(getDraw(actor, drawId)) };
}

const schema = z.object({ entropy: z.string({ error: "experts:errors.entropy" }).min(6, "experts:errors.entropy").max(200, "experts:errors.entropy") });

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "draw.entropy");
  const drawId = params.id ?? "";
  return handleForm(request, schema, async (v) => {
    const r = await addDrawEntropy(actor, { drawId, entropy: v.entropy });
    return redirect(`/supervision/draws/${drawId}?drawn=${r.members}-${r.backups}`);
  });
}

/** 32 bytes from crypto.getRandomValues as hex: the browser's CSPRNG, shown before submitting. */
function randomHex(): string {
  const b = new Uint8Array(32);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

export default function SupervisionDrawPage() {
  const { draw } = useLoaderData<typeof loader>();
  const res = useActionData<typeof action>() as { result?: SubmissionResult<string[]> } | undefined;
  const { t } = useTranslation("draw-ui");
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const input = useRef<HTMLInputElement>(null);
  const errors = res?.result?.error ? Object.values(res.result.error).flatMap((e) => e ?? []) : undefined;
  const drawn = params.get("drawn")?.split("-");
  return (
    <div className="draw-page">
      <div className="draw-head">
        <h1>{t("supervision.title")}</h1>
        <Link to="/supervision/draws">{t("common.back")}</Link>
      </div>
      {drawn ? (
        <div className="alert alert--success" role="status">
          {t("supervision.drawn", { members: drawn[0], backups: drawn[1] })}
        </div>
      ) : null}
      <FormAlert errors={errors} />

      {draw.status === "AWAITING_ENTROPY" ? (
        <section className="panel draw-entropy" aria-labelledby="entropy-h">
          <h2 id="entropy-h">{t("supervision.entropyTitle")}</h2>
          <p>{t("supervision.entropyExplain")}</p>
          <Form method="post" className="form">
            <CsrfInput />
            <div className="form-field">
              <label htmlFor="entropy">{t("supervision.entropy")}</label>
              <input ref={input} id="entropy" name="entropy" type="text" minLength={6} maxLength={200} required autoComplete="off" spellCheck={false} />
            </div>
            <p className="row-actions">
              <button
                type="button"
                className="btn btn--secondary"
                onClick={() => {
                  if (input.current) input.current.value = randomHex();
                }}
              >
                {t("supervision.fillRandom")}
              </button>
              <span className="form-hint"> {t("supervision.fillRandomHint")}</span>
            </p>
            <button type="submit" className="btn btn--primary" disabled={busy}>
              {t("supervision.run")}
            </button>
          </Form>
        </section>
      ) : null}

      {draw.seats.length ? <div className="alert alert--warning">{t("supervision.namesNote")}</div> : null}
      <DrawSummary d={draw} />
      <p>
        <a href={`/draws/${draw.id}/proof`}>{t("common.proof")}</a>
        {draw.drawnAt ? (
          <>
            {" · "}
            <a href={`/supervision/draws/${draw.id}/record.pdf`}>{t("supervision.sealedPdf")}</a>
          </>
        ) : null}
      </p>
    </div>
  );
}
