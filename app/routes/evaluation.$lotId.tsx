import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData, useNavigation, type ShouldRevalidateFunction } from "@remix-run/react";
import { useCallback, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { DataTable } from "~/components/data-table";
import { useRootData } from "~/components/use-root-data";
import { beginScoring } from "~/domain/evaluation/begin-scoring";
import { askClarification } from "~/domain/evaluation/ask-clarification";
import { declareConflict } from "~/domain/evaluation/declare-conflict";
import { proposeRejection, voteRejection } from "~/domain/evaluation/decide-rejection";
import { electChair } from "~/domain/evaluation/elect-chair";
import { parseScoreX100, parseYuanToFen } from "~/domain/evaluation/evaluation-config";
import { getEvaluationWorkspace } from "~/domain/evaluation/get-evaluation-workspace";
import { recordPreliminaryCheck } from "~/domain/evaluation/record-preliminary-check";
import { requestMoreTime } from "~/domain/evaluation/request-more-time";
import { saveScoreDraft } from "~/domain/evaluation/save-score-draft";
import { requestSigningCode, signEvaluationReport } from "~/domain/evaluation/sign-evaluation-report";
import { reviseScoreSheet, submitScoreSheet } from "~/domain/evaluation/submit-score-sheet";
import { actorFromRequest, requireUser } from "~/lib/auth.server";
import { formatFen } from "~/lib/money";
import { formatInstant } from "~/lib/time";
import { handleForm } from "~/lib/form-action.server";
import { orHttp, uuidParam } from "~/lib/http.server";
import { pageTitle } from "~/lib/i18n";
import accountsCss from "~/styles/accounts.css?url";
import evaluationCss from "~/styles/evaluation.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: accountsCss },
  { rel: "stylesheet", href: evaluationCss },
];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "evaluation:ws.title");

/** /evaluation/:lotId — the committee member's workspace (their seat only; others' sheets never shown). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const lotId = uuidParam(params.lotId);
  // A buyer's representative not yet in their seat takes it with a code first (/evaluation/:lotId/seat).
  return orHttp(getEvaluationWorkspace(actorFromRequest(request, user), { lotId }), {
    conceal: true,
    answer: (e) => (e.code === "evaluation:errors.signInFirst" ? redirect(`/evaluation/${lotId}/seat`) : undefined),
  });
}

/**
 * An autosave changes only the member's own draft, which the grid already holds: it does not re-read the
 * whole workspace (committee, bids, clarifications, proposals, price scores) after every save — with nine
 * members autosaving, that re-read was the bulk of the evaluation's load. Every other intent re-reads.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) => (formData?.get("intent") === "draft" ? false : defaultShouldRevalidate);

const id = z.uuid();
const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("declare"), conflict: z.enum(["no", "yes"]), note: z.string().trim().max(500).optional() }),
  z.object({ intent: z.literal("chair"), candidateId: id }),
  z.object({ intent: z.literal("check"), evaluationBidId: id, requirementKey: z.string().max(40), pass: z.enum(["yes", "no"]), reason: z.string().trim().max(1000).optional() }),
  z.object({ intent: z.literal("propose"), evaluationBidId: id, ground: z.string().max(60), reason: z.string().trim().min(4, "evaluation:errors.groundRequired").max(2000) }),
  z.object({ intent: z.literal("vote"), proposalId: id, agree: z.enum(["yes", "no"]), note: z.string().trim().max(1000).optional() }),
  z.object({ intent: z.literal("ask"), evaluationBidId: id, question: z.string().trim().min(4).max(2000) }),
  z.object({ intent: z.literal("beginScoring") }),
  z.object({ intent: z.literal("draft"), scores: z.string().max(200_000), baseVersion: z.coerce.number().int().optional() }),
  z.object({ intent: z.literal("submit") }),
  z.object({ intent: z.literal("revise"), scores: z.string().max(200_000), reason: z.string().trim().min(4).max(1000) }),
  z.object({ intent: z.literal("moreTime") }),
  z.object({ intent: z.literal("sendCode") }),
  z.object({ intent: z.literal("sign"), reportSha256: z.string(), code: z.string().trim().regex(/^\d{6}$/, "evaluation:errors.badCode"), dissent: z.string().trim().max(5000).optional() }),
]);

const parseScores = (s: string) => {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return null;
  }
};

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const actor = actorFromRequest(request, user);
  const lotId = uuidParam(params.lotId);
  return handleForm(request, schema, async (v) => {
    switch (v.intent) {
      case "declare":
        return { ok: v.intent, r: await declareConflict(actor, v.conflict === "yes" ? { lotId, conflict: true, note: v.note ?? "" } : { lotId, conflict: false }) };
      case "chair":
        return { ok: v.intent, r: await electChair(actor, { lotId, candidateId: v.candidateId }) };
      case "check":
        return { ok: v.intent, r: await recordPreliminaryCheck(actor, { lotId, evaluationBidId: v.evaluationBidId, requirementKey: v.requirementKey, pass: v.pass === "yes", reason: v.reason ?? "" }) };
      case "propose":
        return { ok: v.intent, r: await proposeRejection(actor, { lotId, evaluationBidId: v.evaluationBidId, ground: v.ground, reason: v.reason }) };
      case "vote":
        return { ok: v.intent, r: await voteRejection(actor, { lotId, proposalId: v.proposalId, agree: v.agree === "yes", note: v.note ?? "" }) };
      case "ask":
        return { ok: v.intent, r: await askClarification(actor, { lotId, evaluationBidId: v.evaluationBidId, question: v.question }) };
      case "beginScoring":
        return { ok: v.intent, r: await beginScoring(actor, { lotId }) };
      case "draft":
        return { ok: v.intent, r: await saveScoreDraft(actor, { lotId, scores: parseScores(v.scores), baseVersion: v.baseVersion }) };
      case "submit":
        return { ok: v.intent, r: await submitScoreSheet(actor, { lotId }) };
      case "revise":
        return { ok: v.intent, r: await reviseScoreSheet(actor, { lotId, scores: parseScores(v.scores), reason: v.reason }) };
      case "moreTime":
        return { ok: v.intent, r: await requestMoreTime(actor, { lotId }) };
      case "sendCode":
        return { ok: v.intent, r: await requestSigningCode(actor, { lotId }) };
      case "sign":
        return { ok: v.intent, r: await signEvaluationReport(actor, { lotId, reportSha256: v.reportSha256, code: v.code, dissent: v.dissent || undefined }) };
    }
  });
}

type ActionResult = { ok?: string; result?: SubmissionResult<string[]> } | undefined;
const errorsOf = (res: ActionResult) => (res?.result?.error ? Object.values(res.result.error).flatMap((e) => e ?? []) : undefined);
const yuan = (fen: string) => formatFen(BigInt(fen)).replace(/^¥/, "");
const fmt2 = (x100: number) => (x100 / 100).toFixed(2);

export default function EvaluationWorkspace() {
  const ws = useLoaderData<typeof loader>();
  const res = useActionData<typeof action>() as ActionResult;
  const { t } = useTranslation("evaluation");
  const locale = useRootData()?.locale ?? "zh-CN";
  const busy = useNavigation().state !== "idle";
  const me = ws.me;
  return (
    <div className="page evaluation">
      <header className="evaluation__head">
        <h1>{t("ws.title")}</h1>
        <p>
          <strong>{ws.lotLabel}</strong> · {t(`stage.${ws.stage}`)} · {t("ws.due")} {formatInstant(ws.dueAt, locale, "datetimeShort")}
          {ws.extensions ? `（${t("ws.extensions", { n: ws.extensions })}）` : ""}
        </p>
        <p>
          {t("ws.seat", { seat: me.seat })}
          {me.isChair ? ` · ${t("ws.chair")}` : ""}
        </p>
      </header>
      <FormAlert errors={errorsOf(res)} />
      {me.removed ? <div className="alert alert--info">{t("ws.removed")}</div> : null}

      {me.removed ? null : <Committee />}

      {!me.removed && me.conflict === null ? <Declaration /> : null}
      {me.declared ? <Bids /> : null}
      {me.declared && ws.stage === "REVIEW" ? <Review /> : null}
      {me.declared && (ws.stage === "SCORING" || ws.stage === "SIGNING" || ws.stage === "DONE") ? <ScoreGrid /> : null}
      {me.declared && ws.results ? <Results /> : null}
      {me.declared && (ws.stage === "SIGNING" || ws.stage === "DONE") ? <Report /> : null}
      {me.declared && ws.stage !== "DONE" ? (
        <Form method="post" className="evaluation__more-time">
          <CsrfInput />
          <button className="btn btn--small" name="intent" value="moreTime" disabled={busy || me.moreTimeAsked}>
            {me.moreTimeAsked ? t("ws.moreTimeAsked") : t("ws.moreTime")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}

/** The committee as its members see it (names: they sit together); a removed member does not get it. */
function Committee() {
  const ws = useLoaderData<typeof loader>();
  const { t } = useTranslation("evaluation");
  const busy = useNavigation().state !== "idle";
  const me = ws.me;
  return (
    <section className="panel" aria-labelledby="committee-h">
      <h2 id="committee-h">{t("ws.committee")}</h2>
      <ul className="evaluation__committee">
        {ws.committee.map((m) => (
          <li key={m.id}>
            {t("progress.seat")} {m.seat} · {m.name}
            {m.kind === "BUYER_REPRESENTATIVE" ? ` · ${t(ws.profile === "GOVERNMENT_PROCUREMENT" ? "progress.BUYER_REPRESENTATIVE_procurement" : "progress.BUYER_REPRESENTATIVE")}` : ""}
            {m.isChair ? ` · ${t("ws.chair")}` : ""} · {m.signedIn ? (m.declared ? t("ws.declared") : t("ws.signedIn")) : t("ws.notYet")}
            {!ws.chairSeat && me.declared && ws.stage === "SIGN_IN" && m.declared ? (
              <Form method="post" className="inline">
                <CsrfInput />
                <input type="hidden" name="candidateId" value={m.id} />
                <button className="btn btn--small" name="intent" value="chair" disabled={busy || me.chairVoteId === m.id}>
                  {me.chairVoteId === m.id ? t("ws.voted") : t("ws.vote")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {!ws.chairSeat && me.declared ? <p className="muted">{t("ws.chairTitle")}</p> : null}
    </section>
  );
}

function Declaration() {
  const { t } = useTranslation("evaluation");
  const busy = useNavigation().state !== "idle";
  return (
    <section className="panel" aria-labelledby="decl-h">
      <h2 id="decl-h">{t("ws.declarationTitle")}</h2>
      <p>{t("ws.declarationText")}</p>
      <DeclarationBidders />
      <Form method="post">
        <CsrfInput />
        <input type="hidden" name="conflict" value="no" />
        <button className="btn btn--primary" name="intent" value="declare" disabled={busy}>
          {t("ws.noConflict")}
        </button>
      </Form>
      <details className="evaluation__conflict">
        <summary>{t("ws.conflict")}</summary>
        <Form method="post" className="form">
          <CsrfInput />
          <input type="hidden" name="conflict" value="yes" />
          <div className="form-field">
            <label htmlFor="note">{t("ws.conflictNote")}</label>
            <input id="note" name="note" required minLength={2} maxLength={500} />
          </div>
          <button className="btn btn--danger" name="intent" value="declare" disabled={busy}>
            {t("ws.conflict")}
          </button>
        </Form>
      </details>
    </section>
  );
}

/** The bidder list the declaration is made against (names only; the prices follow after the declaration). */
function DeclarationBidders() {
  const ws = useLoaderData<typeof loader>();
  return <p className="evaluation__bidders">{ws.declarationBidders.join("；")}</p>;
}

function Bids() {
  const ws = useLoaderData<typeof loader>();
  const { t } = useTranslation("evaluation");
  const locale = useRootData()?.locale ?? "zh-CN";
  const busy = useNavigation().state !== "idle";
  return (
    <section className="panel" aria-labelledby="bids-h">
      <h2 id="bids-h">{t("ws.bidsTitle")}</h2>
      <DataTable
        wrapClassName="evaluation__grid-wrap"
        head={
          <>
            <th scope="col">{t("ws.ordinal")}</th>
            <th scope="col">{t("ws.bidder")}</th>
            <th scope="col">{t("ws.price")}</th>
            <th scope="col">{t("ws.flags")}</th>
            <th scope="col">{t("ws.status")}</th>
          </>
        }
      >
        {ws.bids.map((b) => (
          <tr key={b.id}>
            <td>{b.ordinal}</td>
            <td>{b.bidderName}</td>
            <td className="num">{yuan(b.priceFen)}</td>
            <td>{b.flags.map((f) => t(`ws.flag_${f}`)).join("、")}</td>
            <td>{b.status === "REJECTED" ? `${t("ws.rejected")}：${b.rejectReason ?? ""}` : t("ws.valid")}</td>
          </tr>
        ))}
      </DataTable>
      <h3>{t("ws.clarTitle")}</h3>
      {ws.clarifications.length === 0 ? <p className="muted">{t("progress.none")}</p> : null}
      {ws.clarifications.map((c) => {
        const b = ws.bids.find((x) => x.id === c.evaluationBidId);
        return (
          <div key={c.id} className="evaluation__clar">
            <p>
              <strong>{b?.ordinal}. {b?.bidderName}</strong> {t("ws.question")}：{c.question}
            </p>
            <p>
              {t("ws.answer")}：{c.answer ?? t("ws.waiting", { due: formatInstant(c.dueAt, locale, "datetimeShort") })}
            </p>
          </div>
        );
      })}
      {ws.stage === "REVIEW" || ws.stage === "SCORING" ? (
        <Form method="post" className="form evaluation__ask">
          <CsrfInput />
          <label htmlFor="ask-bid">{t("ws.bidder")}</label>
          <select id="ask-bid" name="evaluationBidId">
            {ws.bids.map((b) => (
              <option key={b.id} value={b.id}>
                {b.ordinal}. {b.bidderName}
              </option>
            ))}
          </select>
          <label htmlFor="ask-q">{t("ws.askText")}</label>
          <input id="ask-q" name="question" minLength={4} maxLength={2000} required />
          <button className="btn btn--small" name="intent" value="ask" disabled={busy}>
            {t("ws.ask")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

function Review() {
  const ws = useLoaderData<typeof loader>();
  const { t } = useTranslation("evaluation");
  const busy = useNavigation().state !== "idle";
  const valid = ws.bids.filter((b) => b.status === "VALID");
  return (
    <section className="panel" aria-labelledby="review-h">
      <h2 id="review-h">{t("ws.reviewTitle")}</h2>
      <DataTable
        wrapClassName="evaluation__grid-wrap"
        className="table evaluation__review"
        head={
          <>
            <th scope="col">{t("ws.requirement")}</th>
            {valid.map((b) => (
              <th key={b.id} scope="col">
                {b.ordinal}. {b.bidderName}
              </th>
            ))}
          </>
        }
      >
        {ws.requirements.map((r) => (
          <tr key={r.key}>
            <th scope="row">
              {r.text}
              <br />
              <small className="muted">{r.clause}</small>
            </th>
            {valid.map((b) => {
              const c = ws.checks.find((x) => x.evaluationBidId === b.id && x.requirementKey === r.key);
              return (
                <td key={b.id}>
                  <Form method="post" className="inline">
                    <CsrfInput />
                    <input type="hidden" name="evaluationBidId" value={b.id} />
                    <input type="hidden" name="requirementKey" value={r.key} />
                    <input type="hidden" name="intent" value="check" />
                    <button className={`btn btn--small${c?.pass === true ? " is-on" : ""}`} name="pass" value="yes" disabled={busy} aria-pressed={c?.pass === true}>
                      {t("ws.pass")}
                    </button>
                    <input name="reason" aria-label={t("ws.reason")} placeholder={t("ws.reason")} defaultValue={c && !c.pass ? c.reason : ""} size={8} />
                    <button className={`btn btn--small${c?.pass === false ? " is-on" : ""}`} name="pass" value="no" disabled={busy} aria-pressed={c?.pass === false}>
                      {t("ws.fail")}
                    </button>
                  </Form>
                </td>
              );
            })}
          </tr>
        ))}
      </DataTable>

      <h3>{t("ws.proposalsTitle")}</h3>
      {ws.proposals.map((p) => {
        const b = ws.bids.find((x) => x.id === p.evaluationBidId);
        return (
          <div key={p.id} className="evaluation__proposal" data-proposal={p.id}>
            <p>
              <strong>{b?.ordinal}. {b?.bidderName}</strong> · {t(`grounds.${p.ground}`)} · {p.reason} · {t("ws.proposalBy", { who: p.bySystem ? t("ws.system") : `${t("progress.seat")} ${p.proposerSeat}` })} ·{" "}
              {t("ws.tally", { yes: p.yes, no: p.no })} {p.adopted === true ? `· ${t("ws.adopted")}` : p.adopted === false ? `· ${t("ws.dismissed")}` : ""}
            </p>
            {p.adopted === null && p.myVote === null ? (
              <Form method="post" className="inline">
                <CsrfInput />
                <input type="hidden" name="proposalId" value={p.id} />
                <input type="hidden" name="intent" value="vote" />
                <button className="btn btn--small btn--danger" name="agree" value="yes" disabled={busy}>
                  {t("ws.agree")}
                </button>{" "}
                <input name="note" aria-label={t("ws.dissentNote")} placeholder={t("ws.dissentNote")} />{" "}
                <button className="btn btn--small" name="agree" value="no" disabled={busy}>
                  {t("ws.disagree")}
                </button>
              </Form>
            ) : null}
          </div>
        );
      })}
      <Form method="post" className="form evaluation__propose">
        <CsrfInput />
        <label htmlFor="p-bid">{t("ws.bidder")}</label>
        <select id="p-bid" name="evaluationBidId">
          {valid.map((b) => (
            <option key={b.id} value={b.id}>
              {b.ordinal}. {b.bidderName}
            </option>
          ))}
        </select>
        <label htmlFor="p-ground">{t("ws.ground")}</label>
        <select id="p-ground" name="ground" defaultValue="">
          <option value="">—</option>
          {ws.grounds.map((g) => (
            <option key={g.id} value={g.id}>
              {t(`grounds.${g.id}`)}（{g.article}）
            </option>
          ))}
        </select>
        <label htmlFor="p-reason">{t("ws.reason")}</label>
        <input id="p-reason" name="reason" minLength={4} maxLength={2000} required />
        <button className="btn btn--small" name="intent" value="propose" disabled={busy}>
          {t("ws.propose")}
        </button>
      </Form>
      {ws.me.isChair ? (
        <Form method="post">
          <CsrfInput />
          <button className="btn btn--primary" name="intent" value="beginScoring" disabled={busy}>
            {t("ws.beginScoring")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

type Cells = Record<string, Record<string, string>>;

/**
 * The scoring grid: bids × criteria, keyboard friendly (Tab across, Enter down), autosaved per change
 * (debounced, one request at a time, version-checked), range errors inline, live totals; the price
 * column is the formula's (read-only).
 */
function ScoreGrid() {
  const ws = useLoaderData<typeof loader>();
  const { t } = useTranslation("evaluation");
  const busy = useNavigation().state !== "idle";
  const fetcher = useFetcher<ActionResult & { r?: { version: number } }>();
  const valid = useMemo(() => ws.bids.filter((b) => b.status === "VALID"), [ws.bids]);
  const typed = ws.criteria.filter((c) => !c.price);
  const priceCrit = ws.criteria.find((c) => c.price);
  const [cells, setCells] = useState<Cells>(ws.sheet.scores);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const dirty = useRef(false);
  const cellsRef = useRef<Cells>(ws.sheet.scores);
  const errorsRef = useRef<Record<string, string>>({});
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const submitted = ws.sheet.status === "SUBMITTED";
  const lowest = ws.method === "LOWEST_PRICE";
  const root = useRootData() as { csrfToken?: string } | undefined;

  // Every save sends the whole (valid part of the) sheet: a save the browser aborted because a newer one
  // started can then never lose a cell, and the server's merge makes resending harmless.
  const flush = useCallback(() => {
    if (!dirty.current) return;
    dirty.current = false;
    const batch: Cells = {};
    for (const [bidId, row] of Object.entries(cellsRef.current)) {
      const ok = Object.entries(row).filter(([k]) => !errorsRef.current[`${bidId}.${k}`]);
      if (ok.length) batch[bidId] = Object.fromEntries(ok);
    }
    fetcher.submit({ intent: "draft", scores: JSON.stringify(batch), csrf: root?.csrfToken ?? "" }, { method: "post" });
  }, [fetcher, root]);

  const check = (key: string, value: string): string | null => {
    if (value === "") return null;
    const c = ws.criteria.find((x) => x.key === key)!;
    if (lowest) return parseYuanToFen(value) === null ? t("errors.notAnAmount") : null;
    const x = parseScoreX100(value);
    if (x === null) return t("errors.notANumber", { max: c.max });
    if (x > c.max * 100) return t("errors.outOfRange", { max: c.max });
    return null;
  };

  const onChange = (bidId: string, key: string, value: string) => {
    cellsRef.current = { ...cellsRef.current, [bidId]: { ...(cellsRef.current[bidId] ?? {}), [key]: value } };
    setCells(cellsRef.current);
    const err = check(key, value);
    const n = { ...errorsRef.current };
    if (err) n[`${bidId}.${key}`] = err;
    else delete n[`${bidId}.${key}`];
    errorsRef.current = n;
    setErrors(n);
    if (err || submitted) return;
    dirty.current = true;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(flush, 400);
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>, row: number, col: number) => {
    if (e.key !== "Enter") return;
    e.preventDefault();
    const next = document.getElementById(`cell-${row + 1}-${col}`) ?? document.getElementById(`cell-0-${col + 1}`);
    (next as HTMLInputElement | null)?.focus();
  };

  const totalOf = (bidId: string, priceScoreX100: number | null) =>
    typed.reduce((s, c) => s + (errors[`${bidId}.${c.key}`] ? 0 : (parseScoreX100(cells[bidId]?.[c.key] ?? "") ?? 0)), 0) + (priceScoreX100 ?? 0);
  const serverError = fetcher.data?.result?.error ? Object.entries(fetcher.data.result.error) : [];
  const saveState = fetcher.state !== "idle" ? t("ws.saving") : serverError.length ? t("ws.saveFailed", { msg: serverError[0]![1]?.[0] ?? "" }) : fetcher.data?.r ? t("ws.saved", { v: fetcher.data.r.version }) : "";

  return (
    <section className="panel" aria-labelledby="grid-h">
      <h2 id="grid-h">{t("ws.gridTitle")}</h2>
      <p className="muted">{t("ws.gridHelp")}</p>
      <DataTable
        wrapClassName="evaluation__grid-wrap"
        className="table evaluation__grid"
        head={
          <>
            <th scope="col">{t("ws.bidder")}</th>
            {priceCrit ? <th scope="col">{`${priceCrit.name}（${priceCrit.max}）`}<br /><small>{t("ws.priceScore")}</small></th> : null}
            {typed.map((c) => (
              <th key={c.key} scope="col">
                {lowest ? t("ws.adjust") : `${c.name}（0–${c.max}）`}
              </th>
            ))}
            <th scope="col">{lowest ? t("ws.evaluatedPrice") : t("ws.total")}</th>
          </>
        }
      >
        {valid.map((b, row) => (
          <tr key={b.id}>
            <th scope="row">
              {b.ordinal}. {b.bidderName}
            </th>
            {priceCrit ? <td className="num">{b.priceScoreX100 === null ? "—" : fmt2(b.priceScoreX100)}</td> : null}
            {typed.map((c, col) => {
              const err = errors[`${b.id}.${c.key}`] ?? fetcher.data?.result?.error?.[`scores.${b.id}.${c.key}`]?.[0];
              const label = `${b.ordinal}. ${b.bidderName} ${c.name}`;
              return (
                <td key={c.key} className={err ? "has-error" : undefined}>
                  <input
                    id={`cell-${row}-${col}`}
                    className="evaluation__cell"
                    inputMode="decimal"
                    aria-label={label}
                    aria-invalid={err ? true : undefined}
                    aria-describedby={err ? `err-${row}-${col}` : undefined}
                    value={cells[b.id]?.[c.key] ?? ""}
                    readOnly={submitted}
                    onChange={(e) => onChange(b.id, c.key, e.currentTarget.value.trim())}
                    onBlur={flush}
                    onKeyDown={(e) => onKeyDown(e, row, col)}
                  />
                  {err ? (
                    <span id={`err-${row}-${col}`} className="field-error" role="alert">
                      {err}
                    </span>
                  ) : null}
                </td>
              );
            })}
            <td className="num evaluation__total" data-testid={`total-${b.ordinal}`}>
              {lowest ? yuan(String(BigInt(b.priceFen) + (parseYuanToFen(cells[b.id]?.adjust ?? "0") ?? 0n))) : fmt2(totalOf(b.id, b.priceScoreX100))}
            </td>
          </tr>
        ))}
      </DataTable>
      <p className="evaluation__save" role="status" aria-live="polite">
        {saveState}
      </p>
      {submitted ? (
        <p>
          {t("ws.submitted")} <code>{ws.sheet.sha256}</code>
        </p>
      ) : (
        <Form method="post" onSubmit={flush}>
          <CsrfInput />
          <button className="btn btn--primary" name="intent" value="submit" disabled={busy || fetcher.state !== "idle" || Object.keys(errors).length > 0}>
            {t("ws.submit")}
          </button>
        </Form>
      )}
    </section>
  );
}

function Results() {
  const ws = useLoaderData<typeof loader>();
  const { t } = useTranslation("evaluation");
  const r = ws.results!;
  return (
    <section className="panel" aria-labelledby="results-h">
      <h2 id="results-h">{t("ws.resultsTitle")}</h2>
      <DataTable
        wrapClassName="evaluation__grid-wrap"
        head={
          <>
            <th scope="col">{t("ws.rank")}</th>
            <th scope="col">{t("ws.bidder")}</th>
            <th scope="col">{t("ws.price")}</th>
            <th scope="col">{ws.method === "LOWEST_PRICE" ? t("ws.evaluatedPrice") : t("ws.score")}</th>
          </>
        }
      >
        {r.ranking.map((x) => (
          <tr key={x.bidId}>
            <td>{x.rank}</td>
            <td>{ws.bids.find((b) => b.id === x.bidId)?.bidderName}</td>
            <td className="num">{yuan(x.priceFen)}</td>
            <td className="num">{x.total ?? (x.evaluatedPriceFen ? yuan(x.evaluatedPriceFen) : "—")}</td>
          </tr>
        ))}
      </DataTable>
      <h3>{t("ws.sheetHashes")}</h3>
      <ul className="evaluation__hashes">
        {ws.sheetHashes.map((h) => (
          <li key={h.seat}>
            {t("progress.seat")} {h.seat}: <code>{h.sha256}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Report() {
  const ws = useLoaderData<typeof loader>();
  const res = useActionData<typeof action>() as ActionResult;
  const { t } = useTranslation("evaluation");
  const busy = useNavigation().state !== "idle";
  if (!ws.reportReady) return <section className="panel"><h2>{t("ws.reportTitle")}</h2><p>{t("ws.reportPending")}</p></section>;
  return (
    <section className="panel" aria-labelledby="report-h">
      <h2 id="report-h">{t("ws.reportTitle")}</h2>
      <p>
        <a href={`/evaluation/${ws.lotId}/report.pdf`}>{t("ws.download")}</a>
      </p>
      <p>
        {t("ws.hash")}: <code>{ws.reportSha256}</code>
      </p>
      {ws.me.signature ? (
        <p className="alert alert--success">{t(`ws.signedAs_${ws.me.signature}`)}</p>
      ) : (
        <>
          <Form method="post">
            <CsrfInput />
            <button className="btn" name="intent" value="sendCode" disabled={busy}>
              {t("ws.sendCode")}
            </button>
            {res?.ok === "sendCode" ? <span role="status"> {t("ws.codeSent")}</span> : null}
          </Form>
          <Form method="post" className="form">
            <CsrfInput />
            <input type="hidden" name="reportSha256" value={ws.reportSha256 ?? ""} />
            <div className="form-field">
              <label htmlFor="sign-code">{t("signIn.code")}</label>
              <input id="sign-code" name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} required />
            </div>
            <div className="form-field">
              <label htmlFor="dissent">{t("ws.dissent")}</label>
              <textarea id="dissent" name="dissent" rows={3} maxLength={5000} />
            </div>
            <button className="btn btn--primary" name="intent" value="sign" disabled={busy}>
              {t("ws.sign")}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}
