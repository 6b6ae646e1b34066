import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { renderRegistrationCertificate } from "~/domain/documents/jobs";
import { enqueueJob } from "~/jobs/enqueue-job";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";

// Issue 14: `kill -9` of the worker left its sandboxed PDF child running for minutes. The child now exits
// when its parent is gone.

const { url, db } = await useTestDb();
const prefix = useQueuePrefix();
const storageDir = mkdtempSync(path.join(tmpdir(), "ggzy-wo-"));
afterAll(() => rmSync(storageDir, { recursive: true, force: true }));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const childrenOf = (pid: number) => {
  try {
    return execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" }).split("\n").filter(Boolean).map(Number);
  } catch {
    return [];
  }
};

describe("sandboxed children", () => {
  it("exit within seconds when the worker is killed with SIGKILL", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, QUEUE_PREFIX: prefix, STORAGE_DIR: storageDir };
    delete env.SERVICE_NAME;
    const worker = spawn(process.execPath, ["--import", "tsx", "workers/main.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    worker.stdout.on("data", (d) => (out += d));
    worker.stderr.on("data", (d) => (out += d));
    const org = await db.organisation.create({ data: { kind: "BIDDER", name: "龙岩永定建设有限公司", creditCode: "91350800MA2Y0ORPH1", region: "350800" } });
    await db.$transaction((tx) => enqueueJob(tx, renderRegistrationCertificate, { orgId: org.id }));
    const t0 = Date.now();
    while (!out.includes('"msg":"job completed"')) {
      if (Date.now() - t0 > 60_000) throw new Error(`no job completed:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const children = childrenOf(worker.pid!);
    expect(children.length, out).toBeGreaterThan(0);
    worker.kill("SIGKILL");
    const t1 = Date.now();
    while (children.some(alive) && Date.now() - t1 < 10_000) await new Promise((r) => setTimeout(r, 100));
    expect(children.filter(alive)).toEqual([]);
  }, 90_000);
});
