import { useState, type DragEvent } from "react";
import { useTranslation } from "react-i18next";
import { CheckList, type CheckLine } from "~/components/verify/check-list";
import { nobleSha256 } from "~/domain/crypto/hash";

/** Above this, hash in slices (Web Crypto's digest() needs the whole file in memory). */
const ONE_SHOT_MAX = 256 * 1024 * 1024;

async function sha256Hex(file: File): Promise<string> {
  let bytes: Uint8Array;
  if (file.size <= ONE_SHOT_MAX) {
    bytes = new Uint8Array(await crypto.subtle.digest("SHA-256", await file.arrayBuffer()));
  } else {
    const h = nobleSha256();
    const reader = file.stream().getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      h.update(value);
    }
    bytes = h.digest();
  }
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

type Result = { name: string; size: number; hash: string; match: "plaintext" | "ciphertext" | null };

/**
 * The bidder drops the file they kept; their browser hashes it (SubtleCrypto — nothing is uploaded) and
 * compares with the two hashes the receipt recorded: the bid file before sealing (明文) and the sealed
 * envelope that was uploaded (密文). Issue 16 item 9.
 */
export function ReceiptFileCheck({ plaintextSha256, ciphertextSha256 }: { plaintextSha256: string; ciphertextSha256: string }) {
  const { t } = useTranslation("bids");
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function check(file: File | undefined) {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const hash = await sha256Hex(file);
      const match = hash === plaintextSha256 ? "plaintext" : hash === ciphertextSha256 ? "ciphertext" : null;
      setResult({ name: file.name, size: file.size, hash, match });
    } catch {
      setResult(null);
      setError(t("receiptCheck.unreadable", { name: file.name }));
    } finally {
      setBusy(false);
    }
  }

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void check(e.dataTransfer.files[0]);
  };

  const lines: CheckLine[] = result
    ? [
        { key: "hash", ok: true, text: t("receiptCheck.hashed", { name: result.name, size: result.size.toLocaleString("zh-CN") }), detail: result.hash },
        result.match
          ? { key: "match", ok: true, text: t(`receiptCheck.match.${result.match}`) }
          : { key: "match", ok: false, text: t("receiptCheck.noMatch"), detail: `${t("receipt.plaintextSha256")} ${plaintextSha256} · ${t("receipt.ciphertextSha256")} ${ciphertextSha256}` },
      ]
    : [];

  return (
    <section className="panel stack" aria-labelledby="receipt-check-title" data-testid="receipt-check">
      <h2 id="receipt-check-title">{t("receiptCheck.title")}</h2>
      <p>{t("receiptCheck.lead")}</p>
      <div
        className={`verify-drop${over ? " verify-drop--over" : ""}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <label htmlFor="receipt-file">{t("receiptCheck.drop")}</label>
        <input id="receipt-file" type="file" onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = ""; // the same file chosen again is checked again
            void check(file);
          }} data-testid="receipt-file" />
      </div>
      {busy ? <p className="muted" role="status">{t("receiptCheck.hashing")}</p> : null}
      {error ? <p className="alert alert--error" role="alert">{error}</p> : null}
      {result && !busy ? <CheckList testId="receipt-check-result" ok={result.match !== null} lines={lines} /> : null}
    </section>
  );
}
