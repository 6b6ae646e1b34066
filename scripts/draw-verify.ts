/**
 * npm run draw:verify -- <drawId | https://portal/draws/<id>/proof.json | proof.json>
 *
 * Replays an expert draw from its PUBLIC proof alone (docs/expert-draw.md): checks the commitment, the
 * final seed and the pools' digests, reruns the algorithm and compares with the recorded selection.
 * A draw id reads the proof through the same public function the page uses (getDrawProof, DATABASE_URL);
 * a URL or a file needs no database at all. Prints the selection and OK or MISMATCH; exits 1 on mismatch.
 */
import { readFileSync } from "node:fs";
import type { DrawProof } from "~/domain/draw/verify-proof";
import { verifyDrawProof } from "~/domain/draw/verify-proof";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function load(src: string): Promise<DrawProof> {
  if (/^https?:\/\//.test(src)) {
    const res = await fetch(src.endsWith(".json") ? src : `${src.replace(/\/$/, "")}.json`);
    if (!res.ok) throw new Error(`GET ${src} → ${res.status}`);
    return (await res.json()) as DrawProof;
  }
  if (UUID.test(src)) {
    const { getDrawProof } = await import("~/domain/draw/get-draw-proof");
    const { getDb } = await import("~/lib/db.server");
    try {
      return JSON.parse(JSON.stringify(await getDrawProof(src))) as DrawProof;
    } finally {
      await getDb().$disconnect();
    }
  }
  return JSON.parse(readFileSync(src, "utf8")) as DrawProof;
}

async function main() {
  const src = process.argv[2];
  if (!src) {
    console.error("usage: npm run draw:verify -- <drawId | proof URL | proof.json>");
    process.exit(2);
  }
  const proof = await load(src);
  console.log(`draw ${proof.drawId}  (${proof.algorithm}, ${proof.kind} #${proof.seq}, ${proof.status})`);
  console.log(`commitment  ${proof.commitment}`);
  const r = verifyDrawProof(proof);
  for (const s of r.replayed) {
    console.log(`${s.specialtyCode.padEnd(8)} members ${s.members.join(" ")}${s.backups.length ? `   backups ${s.backups.join(" ")}` : ""}`);
  }
  if (r.ok) {
    console.log("OK — 重放结果与公布的抽取结果一致 / the replay matches the published selection");
    return;
  }
  for (const p of r.problems) console.log(`  ✗ ${p}`);
  console.log("MISMATCH — 重放结果与公布结果不一致或证明未公开 / replay does not match or the proof is not revealed");
  process.exit(1);
}

main().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exit(1);
});
