import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { usePollWhile } from "~/components/use-poll-while";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { formMessage } from "~/components/accounts/form-message";
import { CsrfInput } from "~/components/csrf-input";
import { DataTable } from "~/components/data-table";
import { useRootData } from "~/components/use-root-data";
import { can } from "~/domain/accounts/permissions";
import { awardLot } from "~/domain/award/award-lot";
import { getStaffAward } from "~/domain/award/get-staff-award";
import { publishCandidates } from "~/domain/award/publish-candidates";
import { recordBondRefund } from "~/domain/award/record-bond-refund";
import { CONTRACT_MAX_BYTES, recordContract } from "~/domain/award/record-contract";
import { recordContractFiling } from "~/domain/award/record-contract-filing";
import { requestLotArchive } from "~/domain/award/request-lot-archive";
import { submitAwardReport } from "~/domain/award/submit-award-report";
import { requirePermission } from "~/lib/auth.server";
import { fenToYuanInput, formatFen } from "~/lib/money";
import { formatCalendarDate, formatInstant } from "~/lib/time";
import { handleForm } from "~/lib/form-action.server";
import { orHttp } from "~/lib/http.server";

/**
 * /staff/lots/:lotId/award — 定标 workspace of one lot, in the order of the law: candidates publicity (工程),
 * award with its notices, written report (工程), contract (and 政府采购 filing), bond refund register, archive.
 * Each step is one form and one domain call; supervisors see the page without the forms.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "award.read");
  return { ...(await orHttp(getStaffAward(actor, { lotId: params.lotId ?? "" }), { conceal: true })), canManage: can(actor.role, "award.manage") };
}

const text = (max: number) => z.string().trim().max(max).optional();
const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("publish") }),
  z.object({ intent: z.literal("award"), winnerBidId: z.string(), reasonCode: text(64), reasonText: text(2000) }),
  z.object({ intent: z.literal("report"), text: z.string({ error: "award:errors.reportRequired" }).trim().min(1, "award:errors.reportRequired").max(20_000) }),
  z.object({
    intent: z.literal("contract"),
    amountYuan: z.string({ error: "award:errors.invalidAmount" }),
    // Optional: Conform turns an empty field into undefined, which means "no performance bond".
    performanceBondYuan: z.string().optional(),
    signedOn: z.string({ error: "award:errors.invalidDate" }),
    startsOn: z.string({ error: "award:errors.invalidDate" }),
    endsOn: z.string({ error: "award:errors.invalidDate" }),
    changeReason: text(2000),
  }),
  z.object({ intent: z.literal("filing"), reference: z.string({ error: "award:errors.filingReferenceRequired" }).trim().max(100) }),
  z.object({
    intent: z.literal("refund"),
    refundId: z.string(),
    refundedOn: z.string({ error: "award:errors.invalidDate" }),
    amountYuan: z.string({ error: "award:errors.invalidAmount" }),
    reference: z.string({ error: "award:errors.referenceRequired" }).trim().max(64),
  }),
  z.object({ intent: z.literal("archive") }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "award.manage");
  const lotId = params.lotId ?? "";
  return handleForm(
    request,
    schema,
    async (v, form) => {
      switch (v.intent) {
        case "publish":
          await publishCandidates(actor, { lotId });
          break;
        case "award":
          await awardLot(actor, { lotId, winnerBidId: v.winnerBidId, reasonCode: v.reasonCode || null, reasonText: v.reasonText || null });
          break;
        case "report":
          await submitAwardReport(actor, { lotId, text: v.text });
          break;
        case "contract": {
          const f = form.get("file");
          const file = f instanceof File && f.size > 0 ? { name: f.name, bytes: Buffer.from(await f.arrayBuffer()) } : null;
          await recordContract(actor, { lotId, ...v, changeReason: v.changeReason || null, file });
          break;
        }
        case "filing":
          await recordContractFiling(actor, { lotId, reference: v.reference });
          break;
        case "refund":
          await recordBondRefund(actor, { refundId: v.refundId, refundedOn: v.refundedOn, amountYuan: v.amountYuan, reference: v.reference });
          break;
        case "archive":
          await requestLotArchive(actor, { lotId });
          break;
      }
      return redirect(`/staff/lots/${lotId}/award?done=${v.intent}`);
    },
    { maxBytes: CONTRACT_MAX_BYTES + 256 * 1024 },
  );
}

/** Forms that show their refusal next to themselves (long page: a message at the top would be out of sight). */
const OWN_ERRORS = ["contract", "filing", "refund", "archive"];

function Errors({ intent }: { intent?: string }) {
  // Rule violations come as "rules:violations.x?max=…&context=…": parsed, not looked up whole.
  const { t } = useTranslation(["award", "common", "rules", "tenders"]);
  const res = useActionData<typeof action>() as { result?: SubmissionResult<string[]> } | undefined;
  const submitted = String((res?.result?.initialValue as Record<string, unknown> | undefined)?.intent ?? "");
  if (intent ? submitted !== intent : OWN_ERRORS.includes(submitted)) return null;
  const errors = Object.values(res?.result?.error ?? {}).flat().filter((x): x is string => !!x);
  if (errors.length === 0) return null;
  return (
    <div className="alert alert--error" role="alert" data-testid="award-errors">
      {errors.map((m) => (
        <p key={m}>{formMessage(t, m)}</p>
      ))}
    </div>
  );
}

/** The bond refund register: one row per bid bond, with the interest a refund today owes and a form per open row. */
function RefundRegister() {
  const { t } = useTranslation("award");
  const d = useLoaderData<typeof loader>();
  const locale = useRootData()?.locale ?? "zh-CN";
  const busy = useNavigation().state !== "idle";
  const m = d.canManage;
  const when = (x: string | Date | null | undefined) => (x ? formatInstant(x, locale, "datetimeShort") : "—");
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  return (
    <section className="panel" aria-labelledby="refund-h">
      <h2 id="refund-h">{t("ui.refunds")}</h2>
      <p className="muted" data-testid="refund-lead">
        {d.refundBasis.cause === "CANCELLED"
          ? t("ui.refundLeadCancelled", {
              rate: (d.interestRateBp / 100).toFixed(2),
              article: (locale.startsWith("zh") ? d.refundBasis.article?.zh : d.refundBasis.article?.en) ?? "",
              within: t(`ui.refundWithin.${d.refundBasis.unit}`, { count: d.refundBasis.withinDays ?? 0 }),
            })
          : d.refundBasis.cause === "FAILED"
            ? t("ui.refundLeadFailed", { rate: (d.interestRateBp / 100).toFixed(2) })
            : t(d.lot.profile === "GOVERNMENT_PROCUREMENT" ? "ui.refundLeadProcurement" : "ui.refundLead", { rate: (d.interestRateBp / 100).toFixed(2) })}
      </p>
      <Errors intent="refund" />
      {d.refunds.length === 0 ? (
        <p className="muted">{t("ui.notYet")}</p>
      ) : (
        <DataTable
          testId="refund-register"
          head={
            <>
              <th scope="col">{t("ui.bidder")}</th>
              <th scope="col">{t("ui.bond")}</th>
              <th scope="col">{t("ui.interest")}</th>
              <th scope="col">{t("ui.due")}</th>
              <th scope="col">{t("ui.refund")}</th>
            </>
          }
        >
          {d.refunds.map((r) => (
            <tr key={r.id}>
              <td>{r.bidderName}</td>
              <td className="num">{formatFen(BigInt(r.bondFen))}</td>
              <td className="num">{r.rateBp === 0 ? t("ui.noInterest") : formatFen(BigInt(r.interestTodayFen))}</td>
              <td>{when(r.dueAt)}</td>
              <td>
                {r.refundedOn ? (
                  <span data-testid="refunded">
                    {t("ui.refunded", { on: formatCalendarDate(r.refundedOn, locale), amount: formatFen(BigInt(r.refundedFen ?? 0)), ref: r.reference })}
                  </span>
                ) : m ? (
                  <Form method="post" className="form form--inline" aria-label={t("ui.refundFor", { name: r.bidderName })}>
                    <CsrfInput />
                    <input type="hidden" name="refundId" value={r.id} />
                    <input name="refundedOn" type="date" defaultValue={today} aria-label={t("ui.refundedOn")} />
                    <input name="amountYuan" inputMode="decimal" defaultValue={fenToYuanInput(r.offerFen)} aria-label={t("ui.amountYuan")} size={12} />
                    <input name="reference" maxLength={64} aria-label={t("ui.reference")} placeholder={t("ui.reference")} size={14} />
                    <button className="btn btn--secondary" name="intent" value="refund" disabled={busy}>
                      {t("ui.recordRefund")}
                    </button>
                  </Form>
                ) : (
                  <span className="badge badge--amber">{t("ui.open")}</span>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

export default function AwardPage() {
  const { t } = useTranslation("award");
  const d = useLoaderData<typeof loader>();
  const locale = useRootData()?.locale ?? "zh-CN";
  const busy = useNavigation().state !== "idle";
  const [params] = useSearchParams();
  const done = params.get("done");
  const when = (x: string | Date | null | undefined) => (x ? formatInstant(x, locale, "datetimeShort") : "—");
  const building = !!d.archive && (d.archive.status === "QUEUED" || d.archive.status === "BUILDING");
  // Progress of the archive build: polled while the worker builds it.
  usePollWhile(building, 1500);
  const status = d.lot.status === "SUSPENDED" ? d.lot.suspendedFrom : d.lot.status;
  const isConstruction = d.lot.profile === "CONSTRUCTION";
  const m = d.canManage;
  // A lot that ended without an evaluation (cancelled, failed) still owes its bidders their bonds back.
  if (!d.outcome) {
    return d.refunds.length ? (
      <div className="award">
        {done ? (
          <div className="alert alert--success" role="status">
            {t(`ui.done.${done}`)}
          </div>
        ) : null}
        <p className="panel muted">{t("ui.noOutcomeRefunds")}</p>
        <RefundRegister />
      </div>
    ) : (
      <p className="panel muted" data-testid={d.partiesSealed ? "parties-sealed" : undefined}>
        {t(d.partiesSealed ? "ui.partiesSealed" : "ui.noOutcome")}
      </p>
    );
  }
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  return (
    <div className="award">
      {/* "Archive requested" only while it builds: once done (or failed) the archive section says so. */}
      {done && !(done === "archive" && !building) ? (
        <div className="alert alert--success" role="status">
          {t(`ui.done.${done}`)}
        </div>
      ) : null}
      <Errors />

      <section className="panel" aria-labelledby="outcome-h">
        <h2 id="outcome-h">{t("ui.outcome")}</h2>
        <p className="muted">
          {t("ui.outcomeAt", { at: when(d.outcome.completedAt) })} · {t(`ui.method.${d.outcome.method}`)} ·{" "}
          {d.outcome.reportDocumentId ? <a href={`/documents/${d.outcome.reportDocumentId}`}>{t("ui.report")}</a> : null}{" "}
          <span className="mono">SHA-256 {d.outcome.reportSha256.slice(0, 16)}…</span>
        </p>
        <DataTable
          testId="ranking"
          head={
            <>
              <th scope="col">{t("ui.rank")}</th>
              <th scope="col">{t("ui.bidder")}</th>
              <th scope="col">{t("ui.price")}</th>
              <th scope="col">{d.outcome.method === "COMPREHENSIVE" ? t("ui.score") : t("ui.evaluatedPrice")}</th>
            </>
          }
        >
          {d.outcome.ranking.map((r) => (
            <tr key={r.bidId}>
              <td>{r.rank}</td>
              <td>{r.bidderName}</td>
              <td className="num">{formatFen(BigInt(r.bidPriceFen))}</td>
              <td className="num">{r.totalScore ?? (r.evaluatedPriceFen ? formatFen(BigInt(r.evaluatedPriceFen)) : "—")}</td>
            </tr>
          ))}
          {d.outcome.rejected.map((r) => (
            <tr key={r.bidId} className="muted">
              <td>{t("ui.rejected")}</td>
              <td>{r.bidderName}</td>
              <td colSpan={2}>{r.reason}</td>
            </tr>
          ))}
        </DataTable>
      </section>

      {isConstruction ? (
        <section className="panel" aria-labelledby="pub-h">
          <h2 id="pub-h">{t("ui.publicity")}</h2>
          {d.publicity ? (
            <p data-testid="publicity-period">
              {t("ui.publicityPeriod", { from: when(d.publicity.startsAt), to: when(d.publicity.endsAt) })}{" "}
              {d.publicity.endedAt ? <span className="badge badge--green">{t("ui.publicityEnded")}</span> : <span className="badge badge--amber">{t("ui.publicityRunning")}</span>}
            </p>
          ) : m && status === "EVALUATED" ? (
            <Form method="post">
              <CsrfInput />
              <p>{t("ui.publishLead")}</p>
              <button className="btn btn--primary" name="intent" value="publish" disabled={busy}>
                {t("ui.publish")}
              </button>
            </Form>
          ) : (
            <p className="muted">{t("ui.notYet")}</p>
          )}
          {d.objections.length ? (
            <ul data-testid="result-objections">
              {d.objections.map((o) => (
                <li key={o.id}>
                  {t("ui.objection", { at: when(o.raisedAt) })}{" "}
                  {o.answeredAt ? <span className="badge badge--green">{t("ui.answered")}</span> : <a href={`/staff/lots/${d.lot.id}/objections`}>{t("ui.answerDue", { at: when(o.answerDueAt) })}</a>}
                </li>
              ))}
            </ul>
          ) : null}
          {d.lot.status === "SUSPENDED" ? <p className="alert alert--warning">{t("ui.paused")}</p> : null}
        </section>
      ) : null}

      <section className="panel" aria-labelledby="award-h">
        <h2 id="award-h">{t("ui.award")}</h2>
        {d.award ? (
          <>
            <p data-testid="award-winner">
              {t("ui.winner", { name: d.award.winnerName, rank: d.award.winnerRank, price: formatFen(BigInt(d.award.priceFen)), at: when(d.award.decidedAt) })}
            </p>
            {d.award.reasonText ? <p>{t("ui.reasonGiven", { code: t(`grounds.${d.award.reasonCode}`), text: d.award.reasonText })}</p> : null}
            <DataTable
              testId="notices"
              head={
                <>
                  <th scope="col">{t("ui.notice")}</th>
                  <th scope="col">{t("ui.bidder")}</th>
                  <th scope="col">{t("ui.result")}</th>
                  <th scope="col">{t("ui.document")}</th>
                </>
              }
            >
              {d.notices.map((n) => (
                <tr key={n.id}>
                  <td>{t(`ui.noticeKind.${n.kind}`)}</td>
                  <td>{n.bidderName}</td>
                  <td>{n.rejectionReason ? t("ui.rejectedBecause", { reason: n.rejectionReason }) : t("ui.rankScore", { rank: n.rank, score: n.totalScore ?? "—" })}</td>
                  <td>{n.documentId ? <a href={`/documents/${n.documentId}`}>{n.number}</a> : <span className="muted">{t("ui.rendering")}</span>}</td>
                </tr>
              ))}
            </DataTable>
            {isConstruction ? (
              d.award.reportedAt ? (
                <p>{t("ui.reported", { at: when(d.award.reportedAt) })}</p>
              ) : m ? (
                <Form method="post" className="form">
                  <CsrfInput />
                  <div className="form-field">
                    <label htmlFor="report-text">{t("ui.reportLabel", { due: when(d.award.reportDueAt) })}</label>
                    <textarea id="report-text" name="text" rows={3} />
                  </div>
                  <button className="btn btn--secondary" name="intent" value="report" disabled={busy}>
                    {t("ui.submitReport")}
                  </button>
                </Form>
              ) : null
            ) : null}
          </>
        ) : m && (status === "CANDIDATES_PUBLICITY" || (!isConstruction && status === "EVALUATED")) ? (
          <Form method="post" className="form" data-testid="award-form">
            <CsrfInput />
            <fieldset>
              <legend>{t("ui.chooseWinner")}</legend>
              {d.outcome.ranking.slice(0, isConstruction ? 3 : undefined).map((r) => (
                <label key={r.bidId} className="radio">
                  <input type="radio" name="winnerBidId" value={r.bidId} defaultChecked={r.rank === 1} /> {t("ui.candidate", { rank: r.rank, name: r.bidderName, price: formatFen(BigInt(r.bidPriceFen)) })}
                </label>
              ))}
            </fieldset>
            <div className="form-field">
              <label htmlFor="reasonCode">{t("ui.reasonCode")}</label>
              <select id="reasonCode" name="reasonCode" defaultValue="">
                <option value="">{t("ui.noReason")}</option>
                {d.grounds.map((g) => (
                  <option key={g} value={g}>
                    {t(`grounds.${g}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="form-field">
              <label htmlFor="reasonText">{t("ui.reasonText")}</label>
              <textarea id="reasonText" name="reasonText" rows={2} />
            </div>
            <button className="btn btn--primary" name="intent" value="award" disabled={busy}>
              {t("ui.confirmAward")}
            </button>
          </Form>
        ) : (
          <p className="muted">{t("ui.notYet")}</p>
        )}
      </section>

      <section className="panel" aria-labelledby="contract-h">
        <h2 id="contract-h">{t("ui.contract")}</h2>
        {d.contract ? (
          <>
            <dl className="facts" data-testid="contract-facts">
              <dt>{t("ui.amount")}</dt>
              <dd>{formatFen(BigInt(d.contract.amountFen))}</dd>
              <dt>{t("ui.performanceBond")}</dt>
              <dd>{BigInt(d.contract.performanceBondFen) === 0n ? t("ui.noPerformanceBond") : formatFen(BigInt(d.contract.performanceBondFen))}</dd>
              <dt>{t("ui.signedOn")}</dt>
              <dd>{formatInstant(d.contract.signedAt, locale, "date")}</dd>
              <dt>{t("ui.term")}</dt>
              <dd>
                {formatCalendarDate(d.contract.startsOn, locale)} – {formatCalendarDate(d.contract.endsOn, locale)}
              </dd>
              <dt>{t("ui.fileRecorded")}</dt>
              <dd>
                <a href={`/documents/${d.contract.documentId}`}>{d.contract.fileName}</a> <span className="mono">SHA-256 {d.contract.sha256}</span>
              </dd>
              {d.contract.changeReason ? (
                <>
                  <dt>{t("ui.changeReason")}</dt>
                  <dd>{d.contract.changeReason}</dd>
                </>
              ) : null}
            </dl>
            {!isConstruction ? (
              d.contract.filedAt ? (
                <p>{t("ui.filed", { at: when(d.contract.filedAt), ref: d.contract.filingReference })}</p>
              ) : m ? (
                <Form method="post" className="form form--inline" data-testid="filing-form">
                  <CsrfInput />
                  <Errors intent="filing" />
                  <label htmlFor="filing-ref">{t("ui.filingLabel", { due: when(d.contract.filingDueAt) })}</label>
                  <input id="filing-ref" name="reference" maxLength={100} />
                  <button className="btn btn--secondary" name="intent" value="filing" disabled={busy}>
                    {t("ui.recordFiling")}
                  </button>
                </Form>
              ) : null
            ) : null}
          </>
        ) : d.award && m && status === "AWARDED" ? (
          <Form method="post" encType="multipart/form-data" className="form" data-testid="contract-form">
            <CsrfInput />
            <Errors intent="contract" />
            <p className="muted">{t("ui.contractDue", { due: when(d.award.contractDueAt), max: d.performanceBondMaxPercent })}</p>
            <div className="form-field">
              <label htmlFor="file">{t("ui.file")}</label>
              <input id="file" name="file" type="file" accept="application/pdf,.pdf" />
            </div>
            <div className="form-grid">
              <div className="form-field">
                <label htmlFor="amountYuan">{t("ui.amountYuan")}</label>
                <input id="amountYuan" name="amountYuan" inputMode="decimal" defaultValue={fenToYuanInput(d.award.priceFen)} />
              </div>
              <div className="form-field">
                <label htmlFor="performanceBondYuan">{t("ui.performanceBondYuan")}</label>
                <input id="performanceBondYuan" name="performanceBondYuan" inputMode="decimal" aria-describedby="performanceBond-hint" />
                <p id="performanceBond-hint" className="form-hint">
                  {t("ui.performanceBondHint")}
                </p>
              </div>
              <div className="form-field">
                <label htmlFor="signedOn">{t("ui.signedOn")}</label>
                <input id="signedOn" name="signedOn" type="date" defaultValue={today} />
              </div>
              <div className="form-field">
                <label htmlFor="startsOn">{t("ui.startsOn")}</label>
                <input id="startsOn" name="startsOn" type="date" />
              </div>
              <div className="form-field">
                <label htmlFor="endsOn">{t("ui.endsOn")}</label>
                <input id="endsOn" name="endsOn" type="date" />
              </div>
            </div>
            <div className="form-field">
              <label htmlFor="changeReason">{t("ui.changeReason")}</label>
              <textarea id="changeReason" name="changeReason" rows={2} />
            </div>
            <button className="btn btn--primary" name="intent" value="contract" disabled={busy}>
              {t("ui.recordContract")}
            </button>
          </Form>
        ) : (
          <p className="muted">{t("ui.notYet")}</p>
        )}
      </section>

      <RefundRegister />

      <section className="panel" aria-labelledby="archive-h">
        <h2 id="archive-h">{t("ui.archive")}</h2>
        <Errors intent="archive" />
        {d.archive ? (
          <div data-testid="archive-status">
            <p>
              {t(`ui.archiveStatus.${d.archive.status}`)} · {t("ui.retention", { until: formatCalendarDate(d.archive.retentionUntil, locale) })}
            </p>
            {building ? (
              <p>
                <progress max={100} value={d.archive.progress} aria-label={t("ui.archive")} /> <span data-testid="archive-progress">{t("ui.archiveProgress", { progress: d.archive.progress })}</span>
              </p>
            ) : null}
            {d.archive.status === "DONE" ? (
              <>
                <p>
                  {t("ui.archiveDone", { entries: d.archive.entries, at: when(d.archive.finishedAt) })} <span className="mono">SHA-256 {d.archive.sha256}</span>
                </p>
                <p>
                  <a className="btn btn--secondary" href={`/staff/lots/${d.lot.id}/archive.zip`} download data-testid="archive-download">
                    {t("ui.downloadArchive")}
                  </a>
                </p>
                <p className="muted">{t("ui.archiveVerifyHint")}</p>
              </>
            ) : null}
            {d.archive.status === "FAILED" ? (
              <div className="alert alert--error" role="alert">
                <p>{t("ui.archiveFailed")}</p>
                {d.archive.error ? (
                  <details>
                    <summary>{t("ui.technicalDetail")}</summary>
                    <code className="mono">{d.archive.error}</code>
                  </details>
                ) : null}
              </div>
            ) : null}
          </div>
        ) : null}
        {m && (!d.archive || d.archive.status === "FAILED") && status === "CONTRACTED" ? (
          <Form method="post">
            <CsrfInput />
            {/* Said before the click: the archive waits for the written report (工程) or the filing (政府采购). */}
            {isConstruction && d.award && !d.award.reportedAt ? <p className="muted" data-testid="archive-waits">{t("ui.archiveNeedsReport")}</p> : null}
            {!isConstruction && d.contract && !d.contract.filedAt ? <p className="muted" data-testid="archive-waits">{t("ui.archiveNeedsFiling")}</p> : null}
            <button className="btn btn--primary" name="intent" value="archive" disabled={busy}>
              {t("ui.requestArchive")}
            </button>
          </Form>
        ) : null}
      </section>
    </div>
  );
}
