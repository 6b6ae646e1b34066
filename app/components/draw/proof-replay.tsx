import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { CheckList, type CheckLine } from "~/components/verify/check-list";
import { JsonFileInput } from "~/components/verify/json-file-input";
import { verifyDrawProof, type DrawProof, type ProofCheck, type VerifyResult } from "~/domain/draw/verify-proof";

type Outcome = { source: "published" | "file"; fileName?: string; result: VerifyResult } | { source: "file"; fileName: string; error: string };

/**
 * Replays the draw in the visitor's browser (issue 16 item 9) with the server's own algorithm
 * (~/domain/draw/verify-proof → draw-algorithm, no Node API): from the published proof.json, or from a
 * proof.json the visitor saved earlier or got elsewhere — so the page does not have to be trusted to say
 * "一致" about itself. Each check is said in words.
 */
export function ProofReplay({ drawId }: { drawId: string }) {
  const { t } = useTranslation("experts");
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [running, setRunning] = useState(true);

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const res = await fetch(`/draws/${drawId}/proof.json`, { headers: { Accept: "application/json" } });
        const proof = (await res.json()) as DrawProof;
        if (live) setOutcome({ source: "published", result: verifyDrawProof(proof) });
      } catch {
        if (live) setOutcome(null);
      } finally {
        if (live) setRunning(false);
      }
    })();
    return () => {
      live = false;
    };
  }, [drawId]);

  function onJson(json: unknown, fileName: string) {
    const proof = json as DrawProof;
    if (!proof || typeof proof !== "object" || typeof proof.drawId !== "string") throw new Error("shape");
    setOutcome({ source: "file", fileName, result: verifyDrawProof(proof) });
  }

  return (
    <section className="panel stack" aria-labelledby="replay-title" data-testid="proof-replay">
      <h2 id="replay-title">{t("replay.title")}</h2>
      <p>{t("replay.lead")}</p>
      {running ? <p className="muted" role="status">{t("replay.running")}</p> : null}
      {outcome && "error" in outcome ? (
        <p className="alert alert--error" role="alert" data-testid="proof-replay-error">
          {t("replay.fileLabel", { name: outcome.fileName })} {outcome.error}
        </p>
      ) : null}
      {outcome && "result" in outcome ? (
        <CheckList
          testId="proof-replay-result"
          ok={outcome.result.ok}
          title={outcome.source === "file" ? t("replay.fileLabel", { name: outcome.fileName }) : t("replay.publishedLabel")}
          lines={outcome.result.checks.map((c, i) => line(c, i, t))}
        />
      ) : null}
      <JsonFileInput
        id="proof-file"
        label={t("replay.fileHelp")}
        testId="proof-file"
        onJson={onJson}
        onUnreadable={(fileName) => setOutcome({ source: "file", fileName, error: t("replay.notAProof") })}
      />
    </section>
  );
}

function line(c: ProofCheck, i: number, t: (k: string, o?: Record<string, unknown>) => string): CheckLine {
  const p = c.params;
  const detail =
    c.id === "commitment" ? `${t("replay.published")} ${p.commitment} · ${t("replay.computed")} ${p.computed}`
    : c.id === "finalSeed" ? `${t("replay.published")} ${p.finalSeed} · ${t("replay.computed")} ${p.computed}`
    : c.id === "poolDigest" ? `${t("replay.published")} ${p.digest} · ${t("replay.computed")} ${p.computed}`
    : undefined;
  return { key: `${c.id}-${i}`, ok: c.ok, text: t(`replay.check.${c.id}.${c.ok ? "ok" : "bad"}`, p), detail };
}
