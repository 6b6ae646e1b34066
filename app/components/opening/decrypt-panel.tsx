import { useFetcher } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "~/components/bids/client";
import { CsrfInput } from "~/components/csrf-input";
import { importKeyFile, readEnvelopeHeader, readPreamble, toBase64, unwrapContentKey } from "~/domain/crypto";

/** Reads just the envelope's magic + header from the bid's stored file, then cancels the download. */
async function fetchHeader(bidId: string) {
  const res = await fetch(`/api/v1/bids/${bidId}/envelope`, { credentials: "same-origin" });
  if (!res.ok || !res.body) throw new Error(res.statusText);
  const reader = res.body.getReader();
  let buf = new Uint8Array(0);
  let need = 12;
  try {
    while (buf.length < need) {
      const { value, done } = await reader.read();
      if (done) break;
      const next = new Uint8Array(buf.length + value.length);
      next.set(buf);
      next.set(value, buf.length);
      buf = next;
      if (buf.length >= 12 && need === 12) need = 12 + readPreamble(buf.subarray(0, 12));
    }
  } finally {
    void reader.cancel().catch(() => {});
  }
  return readEnvelopeHeader(buf.subarray(0, need)).header;
}

/**
 * 解密: the key file and passphrase stay in this browser. It unwraps this bid's content key from the
 * envelope header and posts only those 32 bytes; the server checks the commitment and decrypts. A wrong
 * passphrase fails here; a wrong key fails here (fingerprint) or on the server — retry is allowed.
 */
export function DecryptPanel({ bidId }: { bidId: string }) {
  const { t } = useTranslation(["opening", "bids"]);
  const fetcher = useFetcher<{ ok?: boolean; status?: string; error?: { message: string } }>();
  const [local, setLocal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const file = f.get("keyFile");
    setLocal(null);
    setBusy(true);
    try {
      if (!(file instanceof File) || file.size === 0) throw Object.assign(new Error(), { code: "bids:errors.invalidKeyFile", params: { reason: "file" } });
      const key = await importKeyFile(JSON.parse(await file.text()), String(f.get("passphrase") ?? ""));
      const ck = await unwrapContentKey(await fetchHeader(bidId), key);
      fetcher.submit({ intent: "releaseKey", bidId, contentKey: toBase64(ck), csrf: String(f.get("csrf") ?? "") }, { method: "post" });
    } catch (err) {
      setLocal(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  }

  const res = fetcher.data;
  return (
    <form onSubmit={run} className="stack card" aria-labelledby="dec-h" data-testid="decrypt-panel">
      <h2 id="dec-h">{t("decrypt.title")}</h2>
      <p className="muted">{t("decrypt.intro")}</p>
      <CsrfInput />
      <label className="form-field">{t("decrypt.keyFile")}<input type="file" name="keyFile" accept=".json,application/json" required /></label>
      <label className="form-field">{t("decrypt.passphrase")}<input type="password" name="passphrase" autoComplete="off" required /></label>
      <div><button type="submit" className="btn btn--primary" disabled={busy || fetcher.state !== "idle"}>{t("decrypt.submit")}</button></div>
      {busy || fetcher.state !== "idle" ? <p role="status">{t("decrypt.running")}</p> : null}
      {local ? <div className="alert alert--error" role="alert">{local}</div> : null}
      {res?.error ? <div className="alert alert--error" role="alert">{res.error.message}</div> : null}
      {res?.status === "DECRYPTED" ? <div className="alert alert--success" role="status">{t("decrypt.ok")}</div> : null}
      {res?.status === "TAMPERED" ? <div className="alert alert--error" role="alert">{t("decrypt.tampered")}</div> : null}
    </form>
  );
}
