import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { deleteExpiredUploadsJob } from "~/domain/bids/jobs";
import { handleUpload } from "~/web/bids/upload-route.server";
import { UPLOAD_EXPIRY_MS } from "~/domain/bids/upload-server.server";
import { findJobDefinition } from "~/jobs/definitions";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { setupBidding, tusUpload, useTempStorage } from "./bids-fixtures";

const { db } = await useTestDb();
useQueuePrefix();
const storageDir = useTempStorage();
let token: string;

beforeAll(async () => {
  token = (await setupBidding(db)).token;
});

const files = (id: string) => [path.join(storageDir, "uploads", id), path.join(storageDir, "uploads", `${id}.json`)];

/** Moves an upload's creation date back, as if it had been created `ageMs` ago. */
function age(id: string, ageMs: number) {
  const meta = files(id)[1]!;
  const info = JSON.parse(readFileSync(meta, "utf8")) as Record<string, unknown>;
  writeFileSync(meta, JSON.stringify({ ...info, creation_date: new Date(Date.now() - ageMs).toISOString() }));
}

/** Creates an upload and sends nothing (a bidder who lost the connection and never came back). */
async function startUpload(length: number): Promise<string> {
  const res = await handleUpload(
    new Request("http://localhost/api/v1/uploads", {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Tus-Resumable": "1.0.0", "Upload-Length": String(length) },
    }),
    null,
  );
  expect(res.status).toBe(201);
  return res.headers.get("location")!.split("/").pop()!;
}

describe("deleteExpiredUploads job", () => {
  it("is registered as an hourly maintenance job", () => {
    expect(findJobDefinition("deleteExpiredUploads")).toBe(deleteExpiredUploadsJob);
    expect(deleteExpiredUploadsJob.queue).toBe("maintenance");
    expect(deleteExpiredUploadsJob.schedule?.pattern).toBe("17 * * * *");
  });

  it("removes expired uploads, finished or not, from disk with their metadata, and keeps fresh ones", async () => {
    const completeOld = await tusUpload(token, new Uint8Array(2048).fill(7)); // complete, never finalised
    const partialOld = await startUpload(4096);
    const fresh = await startUpload(4096);
    age(completeOld, UPLOAD_EXPIRY_MS + 60_000);
    age(partialOld, UPLOAD_EXPIRY_MS + 1);
    age(fresh, UPLOAD_EXPIRY_MS - 60_000);
    for (const id of [completeOld, partialOld, fresh]) expect(files(id).every(existsSync)).toBe(true);

    const { default: run } = await deleteExpiredUploadsJob.handler();
    expect(await run({}, { progress: async () => {}, jobId: "t", attempt: 1 })).toEqual({ removed: 2 });

    for (const id of [completeOld, partialOld]) expect(files(id).map(existsSync)).toEqual([false, false]);
    expect(files(fresh).every(existsSync)).toBe(true);
    // The expired upload no longer exists for the tus protocol either.
    const head = await handleUpload(
      new Request(`http://localhost/api/v1/uploads/${completeOld}`, { method: "HEAD", headers: { Authorization: `Bearer ${token}`, "Tus-Resumable": "1.0.0" } }),
      completeOld,
    );
    expect(head.status).toBe(404);
  });
});
