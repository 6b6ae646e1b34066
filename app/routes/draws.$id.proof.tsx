import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDrawProof } from "~/domain/draw/get-draw-proof";
import { ProofReplay } from "~/components/draw/proof-replay";
import { orHttp } from "~/lib/http.server";
import { pageTitle } from "~/lib/i18n";
import drawCss from "~/styles/draw.css?url";

// draw.css lays the facts out as a two-column grid (draw-fields); without it the dl stacks unstyled.
export const links: LinksFunction = () => [{ rel: "stylesheet", href: drawCss }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "experts:proof.title");

/**
 * GET /draws/:id/proof — the public proof of an expert draw (docs/expert-draw.md). Before the result is
 * final: commitment, pool sizes and digests, seat statuses; after: seed, entropy, lists, selection — and
 * the replay, made in the visitor's browser with the server's own code (ProofReplay), step by step in
 * words. `npm run draw:verify` does the same on a command line.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  return { proof: await orHttp(getDrawProof(params.id ?? "")) };
}

export default function DrawProofPage() {
  const { proof } = useLoaderData<typeof loader>();
  const { t } = useTranslation("experts");
  return (
    <div className="container section stack">
      <h1>{t("proof.title")}</h1>
      <p className="lead">{t("proof.lead")}</p>
      <dl className="fields draw-fields">
        <dt>{t("proof.lot")}</dt><dd>{proof.lotLabel}</dd>
        <dt>{t("proof.draw")}</dt><dd>{t(`kind.${proof.kind}`)} #{proof.seq} · {t(`status.${proof.status}`)}</dd>
        <dt>{t("proof.algorithm")}</dt><dd><code>{proof.algorithm}</code></dd>
        <dt>{t("proof.commitment")}</dt><dd><code className="hash">{proof.commitment}</code></dd>
        {proof.revealed ? (
          <>
            <dt>{t("proof.serverSeed")}</dt><dd><code className="hash">{proof.serverSeed}</code></dd>
            <dt>{t("proof.entropy")}</dt><dd><code>{proof.entropy}</code></dd>
            <dt>{t("proof.finalSeed")}</dt><dd><code className="hash">{proof.finalSeed}</code></dd>
          </>
        ) : null}
      </dl>
      {!proof.revealed ? <div className="alert alert--info" role="status">{t("proof.sealed")}</div> : null}
      {proof.revealed ? <ProofReplay drawId={proof.drawId} /> : null}

      <h2>{t("proof.pools")}</h2>
      <div className="table-wrap">
      <table className="table">
        <thead>
          <tr><th>{t("proof.specialty")}</th><th>{t("proof.members")}</th><th>{t("proof.backups")}</th><th>{t("proof.eligible")}</th><th>{t("proof.digest")}</th></tr>
        </thead>
        <tbody>
          {proof.pools.map((p) => (
            <tr key={p.position}>
              <td>{p.specialtyCode}</td><td>{p.members}</td><td>{p.backups}</td><td>{p.count}</td><td><code className="hash">{p.digest}</code></td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>

      {proof.selection ? (
        <>
          <h2>{t("proof.selection")}</h2>
          <div className="table-wrap">
          <table className="table">
            <thead><tr><th>{t("proof.specialty")}</th><th>{t("proof.members")}</th><th>{t("proof.backups")}</th></tr></thead>
            <tbody>
              {proof.selection.map((s) => (
                <tr key={s.specialtyCode}><td>{s.specialtyCode}</td><td><code>{s.members.join(" ")}</code></td><td><code>{s.backups.join(" ")}</code></td></tr>
              ))}
            </tbody>
          </table>
          </div>
          {proof.pools.map((p) => (
            <details key={p.position}>
              <summary>{t("proof.list", { code: p.specialtyCode, count: p.count })}</summary>
              <p className="draw-codes"><code>{p.codes?.join(" ")}</code></p>
            </details>
          ))}
        </>
      ) : (
        <>
          <h2>{t("proof.seats")}</h2>
          <ul>
            {proof.seats.map((s, i) => (
              <li key={i}>{s.specialtyCode} · {t(`role.${s.role}`)} · {t(`memberStatus.${s.status}`)}</li>
            ))}
          </ul>
        </>
      )}
      <p className="muted">
        {t("proof.howTo", { id: proof.drawId })} <a href={`/draws/${proof.drawId}/proof.json`} download={`draw-${proof.drawId}.proof.json`}>proof.json</a>
      </p>
    </div>
  );
}
