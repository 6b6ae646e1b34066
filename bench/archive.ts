/**
 * `npm run bench -- archive [--bids 100] [--mb 50] [--dir <parent dir>]`
 *
 * Issue 12's archive benchmark: a case of N sealed bid files of M MB each (random bytes, incompressible like
 * real envelopes) in a local storage directory, archived by the same code the worker runs (zipCaseArchive:
 * one ZIP streamed into storage, every entry hashed, manifest last) and then re-checked (verifyCaseArchive).
 * Baseline in the same run: a plain copy of the same files (fs.copyFile, one after the other).
 * Goals: archive throughput ≥ 0.5 × the copy's; RSS growth during the archive < 100 MB.
 * Prints figures, then ONE JSON line {figures, goals, met}.
 */
import { createHash, randomBytes } from "node:crypto";
import { copyFile, mkdir, open, rm, stat } from "node:fs/promises";
import { mkdtempSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { ArchiveEntry } from "~/domain/award/archive-entries";
import { verifyCaseArchive } from "~/domain/award/verify-case-archive";
import { zipCaseArchive } from "~/domain/award/zip-case-archive";
import { LocalDiskStorage } from "~/lib/storage.server";

const MB = 1024 * 1024;

/** A random file, with its SHA-256 as the bid area records it on receipt (Bid.ciphertextSha256). */
async function writeRandomFile(file: string, bytes: number): Promise<string> {
  const fh = await open(file, "w");
  const h = createHash("sha256");
  try {
    for (let done = 0; done < bytes; ) {
      const chunk = randomBytes(Math.min(4 * MB, bytes - done));
      h.update(chunk);
      await fh.write(chunk);
      done += chunk.length;
    }
  } finally {
    await fh.close();
  }
  return h.digest("hex");
}

export async function main(argv: string[]) {
  const { values } = parseArgs({ args: argv, options: { bids: { type: "string", default: "100" }, mb: { type: "string", default: "50" }, dir: { type: "string" } } });
  const bids = Number(values.bids);
  const mb = Number(values.mb);
  const root = mkdtempSync(path.join(values.dir ?? "/tmp", "ggzy-archive-bench-"));
  const storage = new LocalDiskStorage(path.join(root, "storage"));
  try {
    console.log(`archive bench: ${bids} sealed bids × ${mb} MB = ${((bids * mb) / 1024).toFixed(2)} GiB in ${root}`);
    const entries: ArchiveEntry[] = [];
    for (let i = 0; i < bids; i++) {
      const key = `bids/bench/${String(i).padStart(4, "0")}.sealed`;
      await mkdir(path.dirname(storage.localPath(key)), { recursive: true });
      const sha256 = await writeRandomFile(storage.localPath(key), mb * MB);
      entries.push({ name: `bids/bidder-${i}.sealed`, size: mb * MB, compress: false, sha256, open: () => storage.get(key) });
    }
    const records = Buffer.from(JSON.stringify({ lot: "bench", rows: Array.from({ length: 2000 }, (_, i) => ({ i, text: "评标记录" })) }));
    entries.push({ name: "records/lot.json", size: records.length, compress: true, open: () => records });
    const total = bids * mb * MB + records.length;

    // Baseline: a plain copy of the same bytes.
    const copyDir = path.join(root, "copy");
    await mkdir(copyDir);
    let t = performance.now();
    for (let i = 0; i < bids; i++) await copyFile(storage.localPath(`bids/bench/${String(i).padStart(4, "0")}.sealed`), path.join(copyDir, `${i}.sealed`));
    const copyS = (performance.now() - t) / 1000;
    await rm(copyDir, { recursive: true, force: true });
    // The same copy made durable like the archive (storage.put fsyncs what it writes).
    await mkdir(copyDir);
    t = performance.now();
    for (let i = 0; i < bids; i++) {
      const dst = path.join(copyDir, `${i}.sealed`);
      await copyFile(storage.localPath(`bids/bench/${String(i).padStart(4, "0")}.sealed`), dst);
      const fh = await open(dst, "r");
      await fh.sync();
      await fh.close();
    }
    const syncedCopyS = (performance.now() - t) / 1000;
    await rm(copyDir, { recursive: true, force: true });

    // The archive, as the worker builds it; RSS sampled every 50 ms.
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    let rssMax = rss0;
    const sampler = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 50);
    t = performance.now();
    const zipped = await zipCaseArchive(storage, "archives/bench.zip", entries, { lotId: "bench" });
    const archiveS = (performance.now() - t) / 1000;
    clearInterval(sampler);
    const rssGrowthMb = (rssMax - rss0) / MB;

    t = performance.now();
    const check = await verifyCaseArchive(storage.localPath("archives/bench.zip"));
    const verifyS = (performance.now() - t) / 1000;
    if (!check.ok) throw new Error(`bench archive does not verify: ${check.problems.slice(0, 3).join("; ")}`);
    const zipBytes = (await stat(storage.localPath("archives/bench.zip"))).size;

    const copyMBs = total / MB / copyS;
    const archiveMBs = total / MB / archiveS;
    const ratio = archiveMBs / copyMBs;
    const syncedCopyMBs = total / MB / syncedCopyS;
    console.log(`plain copy:      ${copyS.toFixed(2)} s  ${copyMBs.toFixed(0)} MB/s  (fs.copyFile, not synced)`);
    console.log(`copy + fsync:    ${syncedCopyS.toFixed(2)} s  ${syncedCopyMBs.toFixed(0)} MB/s  (ratio archive / synced copy ${(archiveMBs / syncedCopyMBs).toFixed(2)})`);
    console.log(`archive (zip):   ${archiveS.toFixed(2)} s  ${archiveMBs.toFixed(0)} MB/s  (${zipped.manifest.entries.length} entries, ZIP ${(zipBytes / MB).toFixed(0)} MB, sha256 ${zipped.sha256.slice(0, 16)}…)`);
    console.log(`ratio archive / copy: ${ratio.toFixed(2)}  (goal ≥ 0.5)`);
    console.log(`RSS growth during the archive: ${rssGrowthMb.toFixed(1)} MB  (goal < 100)`);
    console.log(`verify (offline re-check):     ${verifyS.toFixed(2)} s  ${(total / MB / verifyS).toFixed(0)} MB/s  ok=${check.ok}`);
    const met = ratio >= 0.5 && rssGrowthMb < 100 && check.ok;
    console.log(
      JSON.stringify({
        bench: "archive",
        figures: { bids, mbPerBid: mb, totalMB: Math.round(total / MB), copyMBs: +copyMBs.toFixed(1), syncedCopyMBs: +syncedCopyMBs.toFixed(1), ratioToSyncedCopy: +(archiveMBs / syncedCopyMBs).toFixed(3), loadAvg1m: +(await import("node:os")).loadavg()[0]!.toFixed(1), archiveMBs: +archiveMBs.toFixed(1), ratio: +ratio.toFixed(3), rssGrowthMB: +rssGrowthMb.toFixed(1), verifyMBs: +(total / MB / verifyS).toFixed(1), verified: check.ok },
        goals: { ratio: ">= 0.5", rssGrowthMB: "< 100", verified: true },
        met,
      }),
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
