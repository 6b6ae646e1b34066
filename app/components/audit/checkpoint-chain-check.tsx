import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { CheckList } from "~/components/verify/check-list";
import { JsonFileInput } from "~/components/verify/json-file-input";
import { checkPublishedCheckpoints, type CheckpointCheck } from "~/domain/audit/check-published-checkpoints";

type Outcome = { ok: boolean; checks: CheckpointCheck[]; fileName?: string } | { error: string };

/**
 * The visitor's browser checks the published checkpoint list (/audit/checkpoints.json) with the same
 * function as the tests — and against a copy they saved earlier, if they give one. Issue 16 item 9.
 */
export function CheckpointChainCheck({ genesisHash }: { genesisHash: string }) {
  const { t } = useTranslation("audit");
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const published = async () => (await fetch("/audit/checkpoints.json", { headers: { Accept: "application/json" } })).json() as Promise<unknown>;

  useEffect(() => {
    let live = true;
    published()
      .then((list) => live && setOutcome(checkPublishedCheckpoints(list, genesisHash)))
      .catch(() => live && setOutcome({ error: t("chainCheck.unreadable") }));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [genesisHash]);

  async function onJson(saved: unknown, fileName: string) {
    const r = checkPublishedCheckpoints(await published(), genesisHash, saved);
    setOutcome({ ...r, fileName });
  }

  return (
    <section className="card stack" aria-labelledby="chain-check-title" data-testid="chain-check">
      <h2 id="chain-check-title">{t("chainCheck.title")}</h2>
      <p>{t("chainCheck.lead")}</p>
      {outcome === null ? <p className="muted" role="status">{t("chainCheck.running")}</p> : null}
      {outcome && "error" in outcome ? <p className="alert alert--error" role="alert">{outcome.error}</p> : null}
      {outcome && "checks" in outcome ? (
        <CheckList
          testId="chain-check-result"
          ok={outcome.ok}
          title={outcome.fileName ? t("chainCheck.withSaved", { name: outcome.fileName }) : t("chainCheck.publishedOnly")}
          lines={outcome.checks.map((c, i) => ({
            key: `${c.id}-${i}`,
            ok: c.ok,
            text: t(`chainCheck.check.${c.id}.${c.ok ? "ok" : "bad"}`, c.params),
            detail: c.id === "savedChanged" ? `#${c.params.savedSeq} ${c.params.savedHash} → #${c.params.seq} ${c.params.hash}` : undefined,
          }))}
        />
      ) : null}
      <p className="muted">{t("chainCheck.limits")}</p>
      <JsonFileInput
        id="saved-checkpoints"
        label={t("chainCheck.fileHelp")}
        testId="saved-checkpoints"
        onJson={onJson}
        onUnreadable={(name) => setOutcome({ error: t("chainCheck.notAList", { name }) })}
      />
    </section>
  );
}
