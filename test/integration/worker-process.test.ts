import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { renderRegistrationCertificate } from "~/domain/documents/jobs";
import { enqueueJob } from "~/jobs/enqueue-job";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";

const { url, db } = await useTestDb();
const prefix = useQueuePrefix();
const storageDir = mkdtempSync(path.join(tmpdir(), "ggzy-wp-"));
afterAll(() => rmSync(storageDir, { recursive: true, force: true }));

function startProcess(env: Record<string, string>) {
  const base: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, QUEUE_PREFIX: prefix, STORAGE_DIR: storageDir };
  delete base.SERVICE_NAME;
  // `node --import tsx`, one process: the tsx CLI wrapper SIGKILLs its child when the child does not
  // acknowledge a relayed signal within 30 ms, which happens under load and would defeat the graceful stop.
  const child = spawn(process.execPath, ["--import", "tsx", "workers/main.ts"], {
    env: { ...base, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code, signal) => {
      if (signal) out += `\n[killed by ${signal}]`;
      resolve(code);
    }),
  );
  const waitForLine = async (needle: string, ms = 30_000) => {
    const t0 = Date.now();
    while (!out.includes(needle)) {
      if (Date.now() - t0 > ms) throw new Error(`no "${needle}" in:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, exited, waitForLine, output: () => out };
}

describe("worker process", () => {
  it("boots, logs as the worker service, and exits 0 within seconds on SIGTERM", async () => {
    const p = startProcess({});
    await p.waitForLine('"msg":"worker started"');
    expect(p.output()).toContain('"service":"worker"');
    const t0 = Date.now();
    p.child.kill("SIGTERM");
    const code = await p.exited;
    expect(code, p.output()).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(p.output()).toContain('"msg":"worker stopped"');
  }, 60_000); // a cold tsx boot on a loaded 2-core machine can take most of the default 30 s

  it("on SIGTERM lets the active PDF job finish before exiting 0", async () => {
    const org = await db.organisation.create({
      data: { kind: "BIDDER", name: "泉州刺桐建设有限公司", creditCode: "91350500MA2Y0TEST1", region: "350500" },
    });
    await db.$transaction((tx) => enqueueJob(tx, renderRegistrationCertificate, { orgId: org.id }));
    const p = startProcess({});
    // The relay hands the job over at boot; the sandboxed child then takes seconds to start and render.
    await p.waitForLine('"msg":"job started"');
    expect(p.output()).not.toContain('"msg":"job completed"');
    p.child.kill("SIGTERM");
    expect(await p.exited).toBe(0);
    expect(p.output()).toContain('"msg":"job completed"');
    expect(await db.document.count({ where: { entityId: org.id } })).toBe(1);
  }, 60_000); // a cold tsx boot on a loaded 2-core machine can take most of the default 30 s

  it("refuses to start with an invalid environment, naming the variable", async () => {
    const p = startProcess({ REDIS_URL: "not a url" });
    const code = await p.exited;
    expect(code).toBe(1);
    expect(p.output()).toContain("REDIS_URL");
    expect(p.output()).not.toContain("worker started");
  });
});
