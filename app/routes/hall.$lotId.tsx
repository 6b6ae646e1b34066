import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { DecryptPanel } from "~/components/opening/decrypt-panel";
import { HallSteps } from "~/components/opening/hall-steps";
import { HostPanel } from "~/components/opening/host-panel";
import { ReadingTable } from "~/components/opening/reading-table";
import { liveStep, useHallEvents } from "~/components/opening/use-hall-events";
import { Countdown } from "~/components/tenders/countdown";
import { useRootData } from "~/components/use-root-data";
import type { ReadingRow } from "~/domain/opening/reading";
import { runHallAction } from "~/domain/opening/run-hall-action";
import { getHallView } from "~/domain/opening/get-hall-view";
import { retenderLot } from "~/domain/tenders/retender-lot";
import { requirePermission } from "~/lib/auth.server";
import { readForm } from "~/lib/csrf.server";
import { formatFen } from "~/lib/money";
import { formatInstant } from "~/lib/time";
import { orHttp, withDomainErrors } from "~/lib/http.server";
import { pageTitle } from "~/lib/i18n";
import hallCss from "~/styles/hall.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: hallCss }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "opening:title");

/** /hall/:lotId — the remote bid-opening hall (不见面开标) for the lot's bidders, its host and supervisors. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "opening.read");
  return orHttp(getHallView(actor, { lotId: params.lotId ?? "" }));
}

/** One domain call per intent (sign in, host steps, key release, objections, confirmation). */
export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "opening.attend");
  return withDomainErrors(
    request,
    async () => {
      const form = await readForm(request);
      const fields = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) as Record<string, string>;
      // 重新招标 leaves the hall: the new draft lot opens in the staff workspace.
      if (fields.intent === "retender") return redirect(`/staff/lots/${(await retenderLot(actor, { lotId: params.lotId ?? "" })).id}`);
      return { ok: true as const, ...(await runHallAction(actor, params.lotId ?? "", fields)) };
    },
    ["opening", "bids", "tenders", "common"],
  );
}

export default function HallPage() {
  const v = useLoaderData<typeof loader>();
  const res = useActionData<typeof action>() as { ok?: true; error?: { message: string } } | undefined;
  const { t } = useTranslation("opening");
  const locale = useRootData()?.locale ?? "zh-CN";
  const busy = useNavigation().state !== "idle";
  const { events, connected } = useHallEvents(v.lot.id, v.session.lastSeq);
  const live = liveStep(events, v.session.lastSeq);
  const s = { ...v.session, state: (live?.state ?? v.session.state) as typeof v.session.state };
  // The 唱标 arrives in one event for everyone; the loader's copy serves later visitors and reloads.
  const liveReading = [...events].reverse().find((e) => e.type === "reading")?.payload.rows as ReadingRow[] | undefined;
  const reading = v.reading ?? liveReading ?? null;
  const deadline = live ? live.deadline : s.state === "DECRYPTING" ? s.decryptionEndsAt : s.state === "CONFIRMING" ? s.confirmationEndsAt : null;
  const isBidder = v.role === "bidder";
  const myConfirmation = v.confirmations.find((c) => c.mine);

  // Event log lines: the confirmation line says what the bidder answered (confirmed, disagreed).
  const logLine = (e: (typeof events)[number]) => {
    const p = e.payload as Record<string, string>;
    const kind = typeof p.kind === "string" ? t(`confirm.kinds.${p.kind}`) : "";
    return t(`events.${e.type}`, { ...p, kind, defaultValue: e.type });
  };

  return (
    <div className="container section stack hall" data-testid="hall" data-state={s.state}>
      <h1>{t("title")}</h1>
      <p><strong>{t("lotLine", { project: `${v.lot.projectCode} ${v.lot.projectTitle}`, lot: v.lot.title })}</strong></p>
      <HallSteps state={s.state} />
      <div className="card hall-status" role="region" aria-label={t("step")}>
        <p>{t("step")}：<strong data-testid="hall-state">{t(`states.${s.state}`)}</strong>{" "}
          <span className="badge" data-live={connected} role="status">{connected ? t("live.connected") : t("live.reconnecting")}</span></p>
        {deadline ? <p>{s.state === "DECRYPTING" ? t("decryptionEndsAt") : t("confirmationEndsAt")}：{formatInstant(deadline, locale)}（<Countdown to={deadline} />）</p> : null}
        <p>{t("attendanceCount", { count: v.attendance.count })}{s.bidCount !== null ? ` · ${t("bidCount", { count: s.bidCount })}` : ""}</p>
      </div>
      {res?.error ? <div className="alert alert--error" role="alert">{res.error.message}</div> : null}

      {s.state === "FAILED" ? (
        <section className="alert alert--error stack" role="status" aria-labelledby="failed-h" data-testid="hall-failed">
          <h2 id="failed-h">{t("failed.title")}</h2>
          <p>{t("failed.text", { count: v.failure?.bidCount ?? Number(events.find((e) => e.type === "hall.failed")?.payload.bidCount ?? 0) })}</p>
          {v.failure?.announcement || v.failure?.canRetender || v.failure?.retenderedAs ? (
            <div className="hall-actions">
              {v.failure.announcement ? <a className="btn btn--secondary" href={`/tenders/${v.lot.id}#a-${v.failure.announcement.id}`}>{t("failed.notice")}</a> : null}
              {v.failure.canRetender ? (
                <Form method="post"><CsrfInput />
                  <button className="btn btn--primary" name="intent" value="retender" disabled={busy}>{t("failed.retender")}</button>
                </Form>
              ) : null}
              {v.failure.retenderedAs ? <a className="btn btn--primary" href={`/staff/lots/${v.failure.retenderedAs.id}`}>{t("failed.retendered", { title: v.failure.retenderedAs.title })}</a> : null}
            </div>
          ) : null}
        </section>
      ) : null}

      {reading ? <ReadingTable rows={reading} reasons={Object.fromEntries(v.bids.map((b) => [b.ordinal, b.faultReason]))} /> : null}

      <div className="hall-grid">
        <div className="stack">
          {isBidder && !v.attendance.signedIn && (s.state === "SIGN_IN" || s.state === "DECRYPTING") ? (
            <Form method="post" className="card stack"><CsrfInput />
              <p>{t("signInHint")}</p>
              <button className="btn btn--primary" name="intent" value="signIn" disabled={busy}>{t("signIn")}</button>
            </Form>
          ) : isBidder && v.attendance.signedIn && (s.state === "SIGN_IN" || s.state === "DECRYPTING") ? <p className="alert alert--success" role="status">{t("signedIn")}</p> : null}

          {/* 监督签到: the supervisor's attendance of the opening (重大项目现场监督), recorded by signInSupervisor. */}
          {v.role === "supervisor" && !v.supervision.signedIn && s.state !== "CLOSED" && s.state !== "FAILED" ? (
            <Form method="post" className="card stack" data-testid="supervisor-sign-in"><CsrfInput />
              <p>{t("supervisorSignInHint")}</p>
              <div><button className="btn btn--primary" name="intent" value="signIn" disabled={busy}>{t("supervisorSignIn")}</button></div>
            </Form>
          ) : v.role === "supervisor" && v.supervision.signedIn ? <p className="alert alert--success" role="status" data-testid="supervisor-signed-in">{t("supervisorSignedIn")}</p> : null}
          {v.role === "observer" ? <p className="alert alert--info" role="note" data-testid="observer-note">{t("observerNote")}</p> : null}

          {v.role === "host" ? <HostPanel state={s.state} bids={v.bids} /> : null}

          {isBidder && v.ownBid && s.state === "DECRYPTING" && v.ownBid.status === "PENDING" ? <DecryptPanel bidId={v.ownBid.bidId} /> : null}
          {/* The outcome stays on the page: the decryption panel itself goes away once the bid is opened. */}
          {isBidder && v.ownBid?.status === "DECRYPTED" && s.state === "DECRYPTING" ? (
            <div className="alert alert--success" role="status" data-testid="own-decrypted">{t("decrypt.ok")}</div>
          ) : null}
          {isBidder && v.ownBid?.status === "TAMPERED" ? <div className="alert alert--error" role="alert">{t("decrypt.tampered")}</div> : null}
          {isBidder && v.ownBid?.totalPriceFen ? <p>{t("yourBid")}：<strong>{formatFen(BigInt(v.ownBid.totalPriceFen))}</strong></p> : null}

          {v.bids.length > 0 && !reading ? (
            <section aria-labelledby="bids-h" className="stack">
              <h2 id="bids-h">{t("bidCount", { count: v.bids.length })}</h2>
              <ul className="link-list" data-testid="decryption-status">
                {v.bids.map((b) => (
                  <li key={b.ordinal}>{t("anonymous", { n: b.ordinal })}{b.mine ? `（${t("yourBid")}）` : b.name ? `（${b.name}）` : ""} — {t(`bidStatus.${b.status}`)}</li>
                ))}
              </ul>
            </section>
          ) : null}

          {s.state === "CONFIRMING" || s.state === "CLOSED" ? (
            <section aria-labelledby="cf-h" className="stack">
              <h2 id="cf-h">{t("confirm.title")}</h2>
              <ul className="link-list">{v.confirmations.map((c) => <li key={`${c.ordinal}`}>{t("anonymous", { n: c.ordinal ?? 0 })} — {t(`confirm.kinds.${c.kind}`)}{c.reason ? `：${c.reason}` : ""}</li>)}</ul>
              {isBidder && s.state === "CONFIRMING" && !myConfirmation && v.ownBid ? (
                <Form method="post" className="card stack"><CsrfInput />
                  <p>{t("confirm.hint")}</p>
                  <div><button className="btn btn--primary" name="intent" value="confirm" disabled={busy}>{t("confirm.confirm")}</button></div>
                  <label className="form-field">{t("confirm.reason")}<textarea name="reason" maxLength={2000} rows={3} /></label>
                  <div><button className="btn btn--secondary" name="intent" value="disagree" disabled={busy}>{t("confirm.disagree")}</button></div>
                </Form>
              ) : null}
            </section>
          ) : null}

          {s.state === "CLOSED" ? (
            s.recordDocumentId || events.some((e) => e.type === "record.ready")
              ? <p><a className="btn btn--primary" href={`/hall/${v.lot.id}/record`} data-testid="record-link">{t("record.download")}</a></p>
              : <p className="muted" role="status">{t("record.pending")}</p>
          ) : null}

          {v.attendance.list.length > 0 ? (
            <section aria-labelledby="att-h"><h2 id="att-h">{t("attendance")}</h2>
              <ul className="link-list">{v.attendance.list.map((a) => <li key={a.name}>{a.name} — {formatInstant(a.at, locale, "time")}</li>)}</ul>
            </section>
          ) : null}
          {v.supervision.list.length > 0 ? (
            <section aria-labelledby="sup-h"><h2 id="sup-h">{t("supervisorAttendance")}</h2>
              <ul className="link-list" data-testid="supervisor-attendance">{v.supervision.list.map((a) => <li key={a.name + a.at}>{a.name} — {formatInstant(a.at, locale, "time")}</li>)}</ul>
            </section>
          ) : null}
        </div>

        <aside className="hall-aside">
          <section aria-labelledby="obj-h" className="stack">
            <h2 id="obj-h">{t("objections.title")}</h2>
            {v.objections.length === 0 ? <p className="muted">{t("objections.none")}</p> : null}
            <ul className="link-list" data-testid="objections">
              {v.objections.map((o) => (
                <li key={o.id} className="stack hall-objection">
                  <span>{o.by ?? (o.ordinal ? t("anonymous", { n: o.ordinal }) : "")}（{formatInstant(o.raisedAt, locale, "time")}）：{o.text}</span>
                  <span className={o.answer ? "" : "muted"}>{t("objections.answer")}：{o.answer ?? t("objections.unanswered")}</span>
                  {v.role === "host" && !o.answer ? (
                    <Form method="post" className="stack"><CsrfInput /><input type="hidden" name="objectionId" value={o.id} />
                      <textarea name="answer" required minLength={2} rows={3} aria-label={t("host.answer")} />
                      <div><button className="btn btn--secondary" name="intent" value="answerObjection" disabled={busy}>{t("host.answer")}</button></div>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
            {isBidder && ["SIGN_IN", "DECRYPTING", "READING", "CONFIRMING"].includes(s.state) ? (
              // Keyed on the count: once the objection is in the list, the form starts empty again.
              <Form method="post" className="stack" key={v.objections.length}><CsrfInput />
                <label className="form-field">{t("objections.text")}<textarea name="text" required minLength={2} maxLength={2000} rows={3} /></label>
                <div><button className="btn btn--secondary" name="intent" value="raiseObjection" disabled={busy}>{t("objections.raise")}</button></div>
              </Form>
            ) : null}
          </section>

          <section aria-labelledby="log-h">
            <h2 id="log-h">{t("events.title")}</h2>
            <ol className="link-list hall-log" aria-live="polite" data-testid="hall-log">
              {events.map((e) => <li key={e.seq}><time dateTime={e.at}>{formatInstant(e.at, locale, "time")}</time>{logLine(e)}</li>)}
            </ol>
          </section>
        </aside>
      </div>
    </div>
  );
}
