/**
 * npm run audit:verify [-- --checkpoints <file.json | url>] [--no-checkpoints] [--no-seal] [--parallel N]
 *                        [--engine sql|node]   (node: hash every entry in JavaScript instead of in the database)
 *
 * Seals what is committed but not yet chained, re-computes the whole audit hash chain, checks it against
 * the checkpoints (those in the database by default, or a published list: a JSON file or the public
 * page's /audit/checkpoints.json), prints the result in Chinese and English, exits 1 on failure.
 */
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { closeAuditPools, getAuditPool } from "~/domain/audit/audit-pool";
import { sealAuditLog } from "~/domain/audit/seal-audit-log";
import { verifyAuditChain, type PublishedCheckpoint } from "~/domain/audit/verify-audit-chain";
import { getEnv } from "~/lib/env.server";
import en from "~/locales/en/audit.json" with { type: "json" };
import zh from "~/locales/zh-CN/audit.json" with { type: "json" };

type Dict = Record<string, unknown>;
function tr(dict: Dict, key: string, params: Record<string, string | number> = {}): string {
  const v = key.split(".").reduce<unknown>((o, k) => (o as Dict | undefined)?.[k], dict);
  return String(v ?? key).replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(params[k] ?? ""));
}
const both = (key: string, params: Record<string, string | number> = {}) =>
  `${tr(zh, key, params)}\n  ${tr(en, key, params)}`;

async function loadPublished(src: string): Promise<PublishedCheckpoint[]> {
  let text: string;
  if (/^https?:\/\//.test(src) || src.startsWith("/")) {
    const url = src.startsWith("/") ? new URL(src, getEnv().PUBLIC_URL) : new URL(src);
    const res = await fetch(url);
    if (!res.ok) throw new Error(`GET ${url} → ${res.status}`);
    text = await res.text();
  } else text = readFileSync(src, "utf8");
  const json = JSON.parse(text) as PublishedCheckpoint[] | { checkpoints: PublishedCheckpoint[] };
  return Array.isArray(json) ? json : json.checkpoints;
}

async function main() {
  const args = process.argv.slice(2);
  const i = args.indexOf("--checkpoints");
  const checkpoints = args.includes("--no-checkpoints") ? false : i >= 0 ? await loadPublished(args[i + 1] ?? "") : true;
  const pool = getAuditPool();
  console.log(`${tr(zh, "cli.title")} / ${tr(en, "cli.title")}`);
  if (!args.includes("--no-seal")) await sealAuditLog(pool);
  let lastPct = -1;
  const j = args.indexOf("--parallel");
  const r = await verifyAuditChain(pool, {
    checkpoints,
    // One segment more than CPUs keeps the database busy while each segment waits for its next range.
    parallel: j >= 0 ? Number(args[j + 1]) : Math.max(2, cpus().length + 1),
    engine: args.includes("--engine") && args[args.indexOf("--engine") + 1] === "node" ? "node" : "sql",
    onProgress: (done, total) => {
      const pct = total ? Math.floor((done / total) * 10) * 10 : 100;
      if (pct !== lastPct && process.stderr.isTTY) process.stderr.write(`\r${pct}% `);
      lastPct = pct;
    },
  });
  if (process.stderr.isTTY) process.stderr.write("\r     \r");
  if (r.firstBad) {
    const reason = (d: Dict) => tr(d, `reasons.${r.firstBad!.reason}`);
    const p = { seq: r.firstBad.seq, id: r.firstBad.id ?? "—" };
    console.log(`✗ ${tr(zh, "cli.bad", { ...p, reason: reason(zh) })}\n  ${tr(en, "cli.bad", { ...p, reason: reason(en) })}`);
  } else {
    console.log(`✓ ${both("cli.ok", { entries: r.entries, head: r.headSeq ?? 0, hash: r.headHash ?? "—" })}`);
  }
  console.log(`  ${both("cli.checkpoints", { checked: r.checkpoints.checked })}`);
  for (const b of r.checkpoints.bad) {
    console.log(`✗ ${tr(zh, "cli.badCheckpoint", { day: b.day, reason: tr(zh, `cli.cpReasons.${b.reason}`) })}`);
    console.log(`  ${tr(en, "cli.badCheckpoint", { day: b.day, reason: tr(en, `cli.cpReasons.${b.reason}`) })}`);
  }
  console.log(`  ${both("cli.unsealed", { count: r.unsealed })}`);
  console.log(`  ${both("cli.time", { seconds: (r.ms / 1000).toFixed(2) })}`);
  await closeAuditPools();
  process.exit(r.ok ? 0 : 1);
}

main().catch(async (e) => {
  console.error(e instanceof Error ? e.message : e);
  await closeAuditPools();
  process.exit(2);
});
