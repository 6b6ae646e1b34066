import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useRootData } from "~/components/use-root-data";
import { formatFen } from "~/lib/money";
import { importKeyFile, openBid } from "~/domain/crypto";
import { apiJson, errorCode, errorMessage } from "./client";

/**
 * Decryption self-test: the key file and passphrase are used only here, in the browser. It downloads the
 * bid's own ciphertext, opens it with openBid (all chunks, per-file digests and the receipt's hashes
 * checked), and reports only ok / the error code to the server, which audits it (bid.selftest).
 */
export function SelfTest({ bidId, plaintextSha256, ciphertextSha256 }: { bidId: string; plaintextSha256: string; ciphertextSha256: string }) {
  const { t } = useTranslation("bids");
  const csrf = useRootData()?.csrfToken ?? "";
  const [state, setState] = useState<{ kind: "idle" | "running" | "ok" | "failed"; text?: string }>({ kind: "idle" });

  async function run(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const file = f.get("keyFile");
    const passphrase = String(f.get("passphrase") ?? "");
    setState({ kind: "running" });
    let ok = false;
    let code: string | undefined;
    let text = "";
    try {
      if (!(file instanceof File) || file.size === 0) throw Object.assign(new Error(), { code: "bids:errors.invalidKeyFile", params: { reason: "file" } });
      const key = await importKeyFile(JSON.parse(await file.text()), passphrase);
      const res = await fetch(`/api/v1/bids/${bidId}/envelope`, { credentials: "same-origin" });
      if (!res.ok || !res.body) throw new Error(res.statusText);
      const opened = await openBid(res.body, key, { expect: { plaintextSha256, ciphertextSha256 } });
      const files = opened.manifest.files.length;
      await opened.done(); // reads every chunk: all authenticated, digests and receipt hashes compared
      ok = true;
      text = t("bid.ok", { price: formatFen(opened.priceSheet.totalPriceFen).replace("¥", ""), files });
    } catch (err) {
      code = errorCode(err);
      text = t("bid.failed", { message: errorMessage(err, t) });
    }
    setState({ kind: ok ? "ok" : "failed", text });
    await apiJson(`/api/v1/bids/${bidId}/selftest`, csrf, { method: "POST", body: ok ? { ok } : { ok, code: code?.slice(0, 80).replace(/[^\w:.-]/g, "") } }).catch(() => {});
  }

  return (
    <form onSubmit={run} className="stack bid-card" aria-labelledby="st-h">
      <h2 id="st-h">{t("bid.selfTest")}</h2>
      <p className="muted">{t("bid.selfTestIntro")}</p>
      <label className="form-field">{t("bid.keyFile")}<input type="file" name="keyFile" accept=".json,application/json" required /></label>
      <label className="form-field">{t("keys.passphrase")}<input type="password" name="passphrase" autoComplete="off" required /></label>
      <div><button type="submit" className="btn btn--secondary" disabled={state.kind === "running"}>{t("bid.run")}</button></div>
      {state.kind === "running" ? <p role="status">{t("bid.running")}</p> : null}
      {state.kind === "ok" ? <div className="alert alert--success" role="status" data-testid="selftest-result">{state.text}</div> : null}
      {state.kind === "failed" ? <div className="alert alert--error" role="alert" data-testid="selftest-result">{state.text}</div> : null}
    </form>
  );
}
