import { inGroup } from "~/domain/tenders/lot-phases";
import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FieldErrors, FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { ConfirmButton } from "~/components/tenders/confirm-button";
import { Countdown } from "~/components/tenders/countdown";
import { DocumentList, LotTerms, LotTimeline } from "~/components/tenders/lot-summary";
import { StatusBadge } from "~/components/tenders/status-badge";
import tendersUiCss from "~/components/tenders/tenders-ui.css?url";
import { useRootData } from "~/components/use-root-data";
import accountsCss from "~/styles/accounts.css?url";
import { getBidderAward } from "~/domain/award/get-bidder-award";
import { raiseResultObjection } from "~/domain/award/raise-result-objection";
import { BidderAwardSection } from "~/components/award/bidder-award-section";
import { askQuestion } from "~/domain/tenders/ask-question";
import { objectionTextSchema, questionTextSchema } from "~/domain/tenders/schemas";
import { getBidderLot } from "~/domain/tenders/get-bidder-lot";
import { raiseObjection } from "~/domain/tenders/raise-objection";
import { registerForLot } from "~/domain/tenders/register-for-lot";
import { requirePermission } from "~/lib/auth.server";
import { formatInstant } from "~/lib/time";
import { handleForm } from "~/lib/form-action.server";
import { orHttp } from "~/lib/http.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: accountsCss },
  { rel: "stylesheet", href: tendersUiCss },
];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.project.title}（${data.lot.title}）` : "" }];

/**
 * /bidder/lots/:lotId — one lot for a bidder: register (获取招标文件), download the documents (each download
 * logged), ask anonymously, raise an objection before its cut-off, read the answers. Every window is
 * enforced by the domain on the server clock; the page only hides what would be refused anyway.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "tender.register");
  return orHttp(async () => {
    const lot = await getBidderLot(actor, { lotId: params.lotId ?? "" });
    return { ...lot, award: await getBidderAward(actor, { lotId: params.lotId ?? "" }) };
  });
}

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("register") }),
  z.object({ intent: z.literal("ask"), text: questionTextSchema }),
  z.object({ intent: z.literal("object"), text: objectionTextSchema }),
  z.object({ intent: z.literal("objectResult"), text: objectionTextSchema }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "tender.register");
  const lotId = params.lotId ?? "";
  return handleForm(request, schema, async (v) => {
    if (v.intent === "register") await registerForLot(actor, { lotId });
    else if (v.intent === "ask") await askQuestion(actor, { lotId, text: v.text });
    else if (v.intent === "objectResult") await raiseResultObjection(actor, { lotId, text: v.text });
    else await raiseObjection(actor, { lotId, text: v.text });
    return redirect(`/bidder/lots/${lotId}?done=${v.intent}`);
  });
}

type ActionData = { result?: SubmissionResult<string[]> } | undefined;

export default function BidderLotPage() {
  const { t } = useTranslation("tenders-ui");
  const { t: tt } = useTranslation("tenders");
  const d = useLoaderData<typeof loader>();
  const res = useActionData<typeof action>() as ActionData;
  const locale = useRootData()?.locale ?? "zh-CN";
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const done = params.get("done");
  const downloaded = new Set(d.registration?.downloads.map((x) => x.tenderDocumentId) ?? []);
  const [askForm, askFields] = useForm({
    id: "ask",
    lastResult: res?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onSubmit",
  });
  const [objForm, objFields] = useForm({
    id: "object",
    lastResult: res?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onSubmit",
  });
  const formErrors = res?.result?.error?.[""] ?? undefined;

  return (
    <>
      <p className="muted">
        <Link to="/bidder">{t("bidder.title")}</Link> › {d.project.code}
      </p>
      <header className="lot-header">
        <div className="lot-header__meta">
          <StatusBadge status={d.lot.status} />
          <span className="mono">{d.project.code}</span>
          <span>{tt(`procurementTypes.${d.project.procurementType}`)}</span>
          <span>
            {tt("fields.bidDeadline")}：{formatInstant(d.lot.bidDeadline, locale, "datetimeShort")} {inGroup(d.lot.status, "halted") ? null : <Countdown to={d.lot.bidDeadline} />}
          </span>
        </div>
        <h1>
          {d.project.title}（{d.lot.title}）
        </h1>
        <p>
          <a href={`/tenders/${d.lot.id}`}>{t("bidder.publicPage")}</a>
        </p>
      </header>
      {done ? (
        <div className="alert alert--success" role="status">
          {t(`bidder.done.${done}`)}
        </div>
      ) : null}
      {d.lot.status === "SUSPENDED" ? <div className="alert alert--warning">{t("bidder.suspended")}</div> : null}
      {d.lot.status === "CANCELLED" ? (
        <div className="alert alert--error" role="status" data-testid="bidder-cancelled">
          {t("bidder.cancelled")} <a href={`/tenders/${d.lot.id}`}>{t("bidder.cancelledNotice")}</a>
        </div>
      ) : null}
      <FormAlert errors={formErrors} />

      <div className="two-col">
        <div>
          <section className="panel" aria-labelledby="docs-h">
            <h2 id="docs-h">{t("bidder.documents")}</h2>
            {d.registration ? (
              <>
                <p className="alert alert--success">
                  {t("bidder.registeredAt", { at: formatInstant(d.registration.registeredAt, locale, "datetimeShort") })}
                </p>
                <DocumentList documents={d.documents} hrefOf={(doc) => (d.can.download ? `/bidder/lots/${d.lot.id}/documents/${doc.id}` : null)} />
                {downloaded.size ? <p className="muted">{t("bidder.downloadedCount", { count: d.registration.downloads.length })}</p> : null}
                {!d.can.download ? <p className="muted">{t("bidder.docsClosed", { at: formatInstant(d.lot.docsAvailableTo, locale, "datetimeShort") })}</p> : null}
              </>
            ) : d.can.register ? (
              <>
                <p>{t("bidder.registerLead", { to: formatInstant(d.lot.docsAvailableTo, locale, "datetimeShort") })}</p>
                <DocumentList documents={d.documents} />
                <Form method="post" id="register">
                  <CsrfInput />
                  <ConfirmButton form="register" value="register" label={t("bidder.register")} title={t("bidder.registerTitle")} disabled={busy}>
                    <p>{t("bidder.registerBody")}</p>
                  </ConfirmButton>
                </Form>
              </>
            ) : (
              <p className="alert alert--warning">{t("bidder.cannotRegister")}</p>
            )}
          </section>

          {/* ==== BID SUBMISSION SLOT — owned by the bids work (routes bidder.lots.$lotId.bid*). ==== */}
          {d.registration && d.lot.status === "PUBLISHED" ? (
            <section className="bid-slot" id="bid" aria-labelledby="bid-h">
              <h2 id="bid-h">{t("bidder.bidTitle")}</h2>
              <p className="muted">{t("bidder.bidLead")}</p>
              <Link to={`/bidder/lots/${d.lot.id}/bid`} className="btn btn--primary">
                {t("bidder.bidLink")}
              </Link>
            </section>
          ) : null}
          {/* ==== end of bid slot ==== */}

          {d.award ? <BidderAwardSection award={d.award} busy={busy} /> : null}

          {d.can.rate || d.rating ? (
            <section className="bid-slot" aria-labelledby="rate-h" data-testid="rate-service">
              <h2 id="rate-h">{t("bidder.rateTitle")}</h2>
              {d.rating ? (
                <p>{t("bidder.rated", { score: d.rating.score })}</p>
              ) : (
                <>
                  <p className="muted">{t("bidder.rateLead")}</p>
                  <Link to={`/bidder/complaints/rate/${d.lot.id}`} className="btn btn--primary">
                    {t("bidder.rateLink")}
                  </Link>
                </>
              )}
            </section>
          ) : null}

          {d.registration && inGroup(d.lot.status, "hallLinked") ? (
            <section className="bid-slot" aria-labelledby="hall-h">
              <h2 id="hall-h">{t("bidder.hallTitle")}</h2>
              <Link to={`/hall/${d.lot.id}`} className="btn btn--primary">
                {t("bidder.hallLink")}
              </Link>
            </section>
          ) : null}

          {d.registration ? (
            <section className="panel" aria-labelledby="ask-h">
              <h2 id="ask-h">{t("bidder.questions")}</h2>
              <p className="form-hint">{t("bidder.anonymous")}</p>
              {d.can.ask ? (
                <Form method="post" {...getFormProps(askForm)} className="form">
                  <CsrfInput />
                  <div className="form-field">
                    <label htmlFor={askFields.text.id}>
                      {t("bidder.question")} · <Countdown to={d.lot.clarificationCutoff} />
                    </label>
                    <textarea {...getTextareaProps(askFields.text)} key={askFields.text.key} rows={3} />
                    <FieldErrors id={askFields.text.errorId} errors={askFields.text.errors} t={t} />
                  </div>
                  <button type="submit" name="intent" value="ask" className="btn btn--primary" disabled={busy}>
                    {t("bidder.ask")}
                  </button>
                </Form>
              ) : (
                <p className="muted">{t("bidder.askClosed", { at: formatInstant(d.lot.clarificationCutoff, locale, "datetimeShort") })}</p>
              )}
              <div className="qa">
                {d.questions.map((q) => (
                  <article key={q.id} className="qa-item">
                    <div className="qa-item__meta">
                      {formatInstant(q.askedAt, locale, "datetimeShort")}
                      {q.answeredAt ? <span className="badge badge--green">{t("bidder.answered")}</span> : <span className="badge badge--amber">{t("bidder.waiting")}</span>}
                    </div>
                    <p className="qa-item__q">{q.text}</p>
                    {q.answer ? <p className="qa-item__a">{q.answer}</p> : null}
                  </article>
                ))}
              </div>
            </section>
          ) : null}

          {d.registration ? (
            <section className="panel" aria-labelledby="obj-h">
              <h2 id="obj-h">{t("bidder.objections")}</h2>
              {d.can.object ? (
                <Form method="post" {...getFormProps(objForm)} className="form">
                  <CsrfInput />
                  <p className="form-hint">
                    {t("bidder.objectionHint", { at: formatInstant(d.lot.objectionCutoff, locale, "datetimeShort") })} <Countdown to={d.lot.objectionCutoff} />
                  </p>
                  <div className="form-field">
                    <label htmlFor={objFields.text.id}>{t("bidder.objection")}</label>
                    <textarea {...getTextareaProps(objFields.text)} key={objFields.text.key} rows={3} />
                    <FieldErrors id={objFields.text.errorId} errors={objFields.text.errors} t={t} />
                  </div>
                  <ConfirmButton form={objForm.id} value="object" label={t("bidder.raise")} title={t("bidder.raiseTitle")} tone="danger" disabled={busy}>
                    <p>{t("bidder.raiseBody")}</p>
                  </ConfirmButton>
                </Form>
              ) : (
                <p className="muted">{t("bidder.objectClosed", { at: formatInstant(d.lot.objectionCutoff, locale, "datetimeShort") })}</p>
              )}
              <div className="qa">
                {d.objections.map((o) => (
                  <article key={o.id} className="qa-item">
                    <div className="qa-item__meta">
                      {formatInstant(o.raisedAt, locale, "datetimeShort")}
                      {o.answeredAt ? (
                        <span className="badge badge--green">{t("bidder.answered")}</span>
                      ) : (
                        <span>
                          {t("objections.due", { at: formatInstant(o.answerDueAt, locale, "datetimeShort") })} <Countdown to={o.answerDueAt} />
                        </span>
                      )}
                    </div>
                    <p className="qa-item__q">{o.text}</p>
                    {o.answer ? <p className="qa-item__a">{o.answer}</p> : null}
                  </article>
                ))}
              </div>
            </section>
          ) : null}

          <section className="panel" aria-labelledby="ann-h">
            <h2 id="ann-h">{t("bidder.announcements")}</h2>
            <div className="qa">
              {d.announcements.map((a) => (
                <article key={a.id} className="qa-item">
                  <div className="qa-item__meta">
                    <span className="badge badge--blue">{tt(`announcementKinds.${a.kind}`)}</span>
                    {formatInstant(a.publishedAt, locale, "datetimeShort")}
                    {a.documentId ? <a href={`/documents/${a.documentId}`}>PDF</a> : <span>{tt("detail.pdfPending")}</span>}
                  </div>
                  <strong>{a.title}</strong>
                  <p className="qa-item__q">{a.body}</p>
                </article>
              ))}
            </div>
          </section>
        </div>
        <aside>
          <section className="panel">
            <h2>{t("lot.schedule")}</h2>
            <LotTimeline timeline={d.timeline} stopped={inGroup(d.lot.status, "ended") && inGroup(d.lot.status, "halted")} />
          </section>
          <section className="panel">
            <h2>{t("lot.terms")}</h2>
            <LotTerms lot={d.lot} />
          </section>
        </aside>
      </div>
    </>
  );
}
