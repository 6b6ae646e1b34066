import { useFetcher } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useRootData } from "~/components/use-root-data";
import { exportKeyFile, formatFingerprint, generateBidderKeyPair, MIN_PASSPHRASE_LENGTH } from "~/domain/crypto";
import { download, errorMessage } from "./client";

/**
 * Generates the company's bid key pair IN THE BROWSER: the private key is encrypted with the passphrase
 * (PBKDF2 ≥ 600 000 iterations, by ~/domain/crypto) into a key file the user downloads; only the public
 * key and its fingerprint are posted to the server. When open bids depend on the current key the user
 * must tick the confirmation first, so a key file is never generated for a replacement the server refuses.
 */
export function KeyGenerator({ mustConfirm }: { mustConfirm: boolean }) {
  const { t } = useTranslation("bids");
  const csrf = useRootData()?.csrfToken ?? "";
  const fetcher = useFetcher<{ ok?: boolean; fingerprint?: string; error?: { message: string } }>();
  const [pass, setPass] = useState("");
  const [pass2, setPass2] = useState("");
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: "error" | "info"; text: string } | null>(null);

  async function generate(e: React.FormEvent) {
    e.preventDefault();
    if ([...pass].length < MIN_PASSPHRASE_LENGTH) return setMessage({ kind: "error", text: t("errors.passphraseTooShort") });
    if (pass !== pass2) return setMessage({ kind: "error", text: t("errors.passphraseMismatch") });
    setBusy(true);
    setMessage({ kind: "info", text: t("keys.generating") });
    try {
      const pair = await generateBidderKeyPair();
      const file = await exportKeyFile(pair, pass);
      const name = `ggzy-bidkey-${file.fingerprint.slice(0, 8)}.json`;
      download(name, new Blob([JSON.stringify(file, null, 2)], { type: "application/json" }));
      setMessage({ kind: "info", text: t("keys.downloaded", { file: name }) });
      fetcher.submit(
        { csrf, intent: "register", publicKeySpki: file.publicKey, fingerprint: file.fingerprint, confirmReplace: confirm ? "1" : "" },
        { method: "post" },
      );
      setPass("");
      setPass2("");
    } catch (err) {
      setMessage({ kind: "error", text: errorMessage(err, t) });
    } finally {
      setBusy(false);
    }
  }

  const done = fetcher.data?.ok && fetcher.data.fingerprint;
  return (
    <form onSubmit={generate} className="stack bid-card" aria-labelledby="gen-h">
      <h2 id="gen-h">{t("keys.generate")}</h2>
      {/* The hint sits outside the label: it describes the field (aria-describedby) but is not its name. */}
      <div className="form-field">
        <label htmlFor="gen-pass">{t("keys.passphrase")}</label>
        <input id="gen-pass" type="password" autoComplete="new-password" value={pass} onChange={(e) => setPass(e.target.value)} required minLength={MIN_PASSPHRASE_LENGTH} name="passphrase" aria-describedby="pass-hint" />
        <small id="pass-hint" className="form-hint">{t("keys.passphraseHint", { min: MIN_PASSPHRASE_LENGTH })}</small>
      </div>
      <label className="form-field">
        <span>{t("keys.passphrase2")}</span>
        <input type="password" autoComplete="new-password" value={pass2} onChange={(e) => setPass2(e.target.value)} required name="passphrase2" />
      </label>
      {mustConfirm ? (
        <label>
          <input type="checkbox" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} name="confirmReplace" /> {t("keys.confirmReplace")}
        </label>
      ) : null}
      <div>
        <button type="submit" className="btn btn--primary" disabled={busy || fetcher.state !== "idle" || (mustConfirm && !confirm)}>
          {t("keys.generate")}
        </button>
      </div>
      {message ? <div className={`alert ${message.kind === "error" ? "alert--error" : "alert--info"}`} role={message.kind === "error" ? "alert" : "status"}>{message.text}</div> : null}
      {fetcher.data?.error ? <div className="alert alert--error" role="alert">{fetcher.data.error.message}</div> : null}
      {done ? <div className="alert alert--success" role="status">{t("keys.registered", { fingerprint: formatFingerprint(fetcher.data!.fingerprint!) })}</div> : null}
    </form>
  );
}
