import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import type { HallView } from "~/domain/opening/get-hall-view";

/**
 * The host's next action for the current step, and only that: start; (the window runs — closing early only
 * once no bid waits for its key); record the fault of each undecrypted bid; ask for confirmations. Nothing
 * is shown once the host has nothing left to do.
 */
export function HostPanel({ state, bids }: { state: string; bids: HallView["bids"] }) {
  const { t } = useTranslation("opening");
  const busy = useNavigation().state !== "idle";
  const unsettled = bids.filter((b) => b.status === "NOT_DECRYPTED" && !b.fault);
  const pending = bids.filter((b) => b.status === "PENDING").length;
  const afterReading = state === "READING" || state === "CONFIRMING";
  const show = state === "SIGN_IN" || state === "DECRYPTING" || state === "READING" || (state === "CONFIRMING" && unsettled.length > 0);
  if (!show) return null;
  return (
    <section className="card stack" aria-labelledby="host-h" data-testid="host-panel">
      <h2 id="host-h">{t("host.title")}</h2>
      {state === "SIGN_IN" ? (
        <Form method="post" className="stack" onSubmit={(e) => { if (!confirm(t("host.startConfirm"))) e.preventDefault(); }}>
          <CsrfInput />
          <p className="muted">{t("host.startHint")}</p>
          <button className="btn btn--primary" name="intent" value="start" disabled={busy}>{t("host.start")}</button>
        </Form>
      ) : null}
      {state === "DECRYPTING" ? (
        pending > 0 ? (
          <p className="muted" role="status">{t("host.waitingForKeys", { count: pending })}</p>
        ) : (
          <Form method="post"><CsrfInput /><button className="btn btn--primary" name="intent" value="closeDecryption" disabled={busy}>{t("host.closeDecryption")}</button></Form>
        )
      ) : null}
      {afterReading
        ? unsettled.map((b) => (
            <Form method="post" key={b.ordinal} className="stack">
              <CsrfInput />
              <input type="hidden" name="bidId" value={b.bidId ?? ""} />
              <strong>{t("host.settle")} — {t("anonymous", { n: b.ordinal })}（{b.name ?? ""}）</strong>
              <label className="form-field">{t("host.fault")}
                <select name="fault" required defaultValue="BIDDER">
                  <option value="BIDDER">{t("fault.BIDDER")}</option>
                  <option value="OTHER">{t("fault.OTHER")}</option>
                </select>
              </label>
              <label className="form-field">{t("host.faultReason")}<textarea name="reason" required minLength={2} maxLength={1000} rows={3} /></label>
              <div><button className="btn btn--secondary" name="intent" value="settle" disabled={busy}>{t("host.settle")}</button></div>
            </Form>
          ))
        : null}
      {state === "READING" && unsettled.length === 0 ? (
        <Form method="post" className="stack"><CsrfInput />
          <p className="muted">{t("host.confirmationHint")}</p>
          <button className="btn btn--primary" name="intent" value="startConfirmation" disabled={busy}>{t("host.startConfirmation")}</button>
        </Form>
      ) : null}
    </section>
  );
}
