import { GENESIS_HASH } from "~/domain/audit/canonical";
import { listAuditCheckpoints } from "~/domain/audit/list-audit-checkpoints";

/**
 * GET /audit/checkpoints.json — the published checkpoints, machine-readable, for independent verifiers
 * (`npm run audit:verify -- --checkpoints https://<portal>/audit/checkpoints.json`). Public.
 */
export async function loader() {
  const checkpoints = (await listAuditCheckpoints({ limit: 5000 })).map(({ day, headSeq, headHash, count, createdAt, documentId }) => ({
    day,
    headSeq,
    headHash,
    count,
    createdAt,
    pdf: documentId ? `/documents/${documentId}` : null,
  }));
  return new Response(JSON.stringify({ genesisHash: GENESIS_HASH, formula: "sha256(prevHash + \"\\n\" + canonicalJson(entry)), see docs/audit-log.md", checkpoints }, null, 2), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=300" },
  });
}
