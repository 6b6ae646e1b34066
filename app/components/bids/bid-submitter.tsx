import { useNavigate } from "@remix-run/react";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Upload } from "tus-js-client";
import { useRootData } from "~/components/use-root-data";
import { formatFingerprint, fromBase64, sealBid } from "~/domain/crypto";
import { apiJson, deviceId, errorMessage, yuanToFen } from "./client";

type Phase = "form" | "sealing" | "uploading" | "paused" | "finalising";
type BondMethod = "ACCOUNT_TRANSFER" | "BANK_GUARANTEE" | "INSURANCE";

/**
 * The bid form: price sheet + files are sealed IN THIS BROWSER to the company's public key (nothing in
 * clear leaves it), the envelope is uploaded resumably (tus: progress bar, pause/resume, automatic retry
 * after a dropped connection, continuing from the server's offset), then finalised into a bid; the
 * receipt page opens. The hashes come from the sealer; the server recomputes the ciphertext hash.
 */
export function BidSubmitter({ lotId, keySpki, keyFingerprint, bondFen }: { lotId: string; keySpki: string; keyFingerprint: string; bondFen: string }) {
  const { t } = useTranslation("bids");
  const csrf = useRootData()?.csrfToken ?? "";
  const navigate = useNavigate();
  const [phase, setPhase] = useState<Phase>("form");
  const [pct, setPct] = useState(0);
  const [retrying, setRetrying] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [method, setMethod] = useState<BondMethod>("ACCOUNT_TRANSFER");
  const [fields, setFields] = useState<Array<{ name: string; value: string }>>([{ name: "", value: "" }]);
  const upload = useRef<Upload | null>(null);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    const f = new FormData(e.currentTarget);
    const price = yuanToFen(String(f.get("totalPrice") ?? ""));
    const bondAmount = yuanToFen(String(f.get("bondAmount") ?? ""));
    const files = f.getAll("files").filter((x): x is File => x instanceof File && x.name !== "");
    if (price === null) return setError(t("errors.invalidRequest", { field: t("submit.totalPrice") }));
    if (bondAmount === null) return setError(t("errors.invalidRequest", { field: t("submit.bondAmount") }));
    if (files.length === 0) return setError(t("errors.invalidRequest", { field: t("submit.files") }));
    const s = (k: string) => String(f.get(k) ?? "").trim() || undefined;
    const bond =
      method === "ACCOUNT_TRANSFER"
        ? { method, amountFen: bondAmount.toString(), payerAccount: s("payerAccount"), payerBank: s("payerBank"), bankReference: s("bankReference") }
        : { method, amountFen: bondAmount.toString(), guaranteeNo: s("guaranteeNo"), payerBank: s("payerBank") };
    try {
      setPhase("sealing");
      const { stream, result } = sealBid({
        lotId,
        recipientPublicKey: fromBase64(keySpki),
        priceSheet: {
          totalPriceFen: price,
          durationDays: Number(f.get("durationDays") ?? 0),
          fields: fields.filter((x) => x.name.trim()).map((x) => ({ name: x.name.trim(), value: x.value })),
        },
        files: files.map((file) => ({ name: file.name, size: file.size, stream: () => file.stream() })),
      });
      // The envelope as a Blob: browsers keep large Blobs on disk, and tus re-reads slices to resume.
      const envelope = await new Response(stream).blob();
      const sealed = await result;
      setPhase("uploading");
      const uploadUrl = await new Promise<string>((resolve, reject) => {
        const up = new Upload(envelope, {
          endpoint: "/api/v1/uploads",
          chunkSize: 4 * 1024 * 1024,
          retryDelays: [0, 1000, 3000, 5000, 10000, 20000, 30000, 30000, 30000],
          // tus-js-client's default gives up at once while navigator.onLine is false — exactly when a
          // dropped Wi-Fi or a cable pulled near the deadline needs it to keep trying. Retry network errors,
          // server errors and offset conflicts; never a refusal (4xx), which would fail again the same way.
          onShouldRetry: (err) => {
            const status = err.originalResponse?.getStatus() ?? 0;
            const retry = status === 0 || status >= 500 || status === 409 || status === 423;
            setRetrying(retry);
            return retry;
          },
          headers: { "X-CSRF-Token": csrf },
          metadata: { filename: "bid.sealed", lotId },
          removeFingerprintOnSuccess: true,
          onProgress: (sent, total) => {
            setRetrying(false);
            setPct(Math.floor((sent / total) * 100));
          },
          onError: reject,
          onSuccess: () => resolve(up.url!),
        });
        upload.current = up;
        up.start();
      });
      setPhase("finalising");
      const receipt = await apiJson<{ receiptId: string }>("/api/v1/bids", csrf, {
        method: "POST",
        body: {
          lotId,
          uploadId: uploadUrl.split("/").pop(),
          ciphertextSha256: sealed.ciphertextSha256,
          plaintextSha256: sealed.plaintextSha256,
          deviceId: deviceId(),
          bond,
        },
      });
      navigate(`/receipts/${receipt.receiptId}`);
    } catch (err) {
      const body = (err as { originalResponse?: { getBody(): string } }).originalResponse?.getBody?.();
      let msg = errorMessage(err, t);
      try {
        msg = (JSON.parse(body ?? "") as { error: { message: string } }).error.message;
      } catch {
        /* not one of our JSON errors */
      }
      setError(msg);
      setPhase("form");
    }
  }

  const pause = () => {
    void upload.current?.abort();
    setPhase("paused");
  };
  const resume = () => {
    upload.current?.start();
    setPhase("uploading");
  };
  const busy = phase !== "form";

  return (
    <form onSubmit={onSubmit} className="stack bid-form" aria-busy={busy}>
      <p className="muted">{t("submit.sealedTo", { fingerprint: formatFingerprint(keyFingerprint) })}</p>
      <fieldset className="stack" disabled={busy}>
        <legend>{t("submit.step1")}</legend>
        <label className="form-field">{t("submit.totalPrice")}<input type="text" name="totalPrice" inputMode="decimal" required /></label>
        <label className="form-field">{t("submit.durationDays")}<input name="durationDays" type="number" min={0} max={36500} required /></label>
        {fields.map((x, i) => (
          <div key={i} className="bid-price-field">
            <label>{t("submit.fieldName")}<input type="text" value={x.name} onChange={(e) => setFields(fields.map((y, j) => (j === i ? { ...y, name: e.target.value } : y)))} /></label>
            <label>{t("submit.fieldValue")}<input type="text" value={x.value} onChange={(e) => setFields(fields.map((y, j) => (j === i ? { ...y, value: e.target.value } : y)))} /></label>
          </div>
        ))}
        <div><button type="button" className="btn btn--secondary" onClick={() => setFields([...fields, { name: "", value: "" }])}>{t("submit.addField")}</button></div>
      </fieldset>
      <fieldset className="stack" disabled={busy}>
        <legend>{t("submit.step2")}</legend>
        <label className="form-field">{t("submit.files")}<input name="files" type="file" multiple required /></label>
      </fieldset>
      <fieldset className="stack" disabled={busy}>
        <legend>{t("submit.step3")}</legend>
        <label className="form-field">
          {t("submit.bondMethod")}
          <select name="bondMethod" value={method} onChange={(e) => setMethod(e.target.value as BondMethod)}>
            {(["ACCOUNT_TRANSFER", "BANK_GUARANTEE", "INSURANCE"] as const).map((m) => <option key={m} value={m}>{t(`bondMethods.${m}`)}</option>)}
          </select>
        </label>
        <label className="form-field">{t("submit.bondAmount")}<input type="text" name="bondAmount" inputMode="decimal" defaultValue={(Number(bondFen) / 100).toFixed(2)} required /></label>
        {method === "ACCOUNT_TRANSFER" ? (
          <>
            <label className="form-field">{t("submit.payerAccount")}<input type="text" name="payerAccount" required /></label>
            <label className="form-field">{t("submit.bankReference")}<input type="text" name="bankReference" required /></label>
          </>
        ) : (
          <label className="form-field">{t("submit.guaranteeNo")}<input type="text" name="guaranteeNo" required /></label>
        )}
        <label className="form-field">{t("submit.payerBank")}<input type="text" name="payerBank" /></label>
      </fieldset>
      <fieldset className="stack">
        <legend>{t("submit.step4")}</legend>
        <p className="muted">{t("submit.replaceNote")}</p>
        {phase === "uploading" || phase === "paused" ? (
          <div className="bid-upload">
            <div className="progress-label"><span>{phase === "paused" ? t("submit.paused", { pct }) : t("submit.uploading", { pct })}</span></div>
            <div className="progress" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100} data-testid="upload-progress">
              <div className="progress__bar" style={{ width: `${pct}%` }} />
            </div>
            {retrying && phase === "uploading" ? <p role="status" className="muted">{t("errors.network")}</p> : null}
            <div>
            {phase === "uploading" ? (
              <button type="button" className="btn btn--secondary" onClick={pause}>{t("submit.pause")}</button>
            ) : (
              <button type="button" className="btn btn--primary" onClick={resume}>{t("submit.resume")}</button>
            )}
            </div>
          </div>
        ) : null}
        {phase === "sealing" ? <p role="status">{t("submit.sealing")}</p> : null}
        {phase === "finalising" ? <p role="status">{t("submit.finalising")}</p> : null}
        {error ? <div className="alert alert--error" role="alert">{error}</div> : null}
        <div><button type="submit" className="btn btn--primary btn--large" disabled={busy}>{t("submit.sealAndUpload")}</button></div>
      </fieldset>
    </form>
  );
}
