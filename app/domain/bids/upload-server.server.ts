import { randomBytes } from "node:crypto";
import { open, readdir, readFile, unlink } from "node:fs/promises";
import path from "node:path";
import { Server, type Upload } from "@tus/server";
import { z } from "zod";
import { DomainError } from "~/domain/errors";
import { getEnv } from "~/lib/env.server";
import type { ApiActor } from "./api-actor";
import { HashingFileStore, type UploadDigest } from "./hashing-file-store.server";
import { UPLOAD_ID_PATTERN } from "./schemas";

/**
 * Resumable uploads of sealed envelopes: the tus 1.0 protocol (creation, termination, expiration
 * extensions) served by @tus/server with its file store, mounted as Remix resource routes under
 * /api/v1/uploads (app/routes/api.v1.uploads*.ts) through Server.handleWeb — so it shares the app's
 * authentication and needs no change to server.ts. Bytes stream from the request to a file under
 * STORAGE_DIR/uploads (memory stays flat); an interrupted PATCH keeps what arrived and the client resumes
 * from the offset HEAD reports. A finished upload is only bytes: it becomes a bid when finaliseBid
 * verifies it. Unfinalised uploads expire after UPLOAD_EXPIRY_MS (deleteExpiredUploads).
 */
export const UPLOAD_PATH = "/api/v1/uploads";
export const UPLOAD_EXPIRY_MS = 24 * 3600_000;
/** Default cap of one sealed bid: 2 GiB. Override with BID_UPLOAD_MAX_BYTES. */
export const DEFAULT_MAX_UPLOAD_BYTES = 2 * 1024 ** 3;
export const UPLOAD_ID_RE = UPLOAD_ID_PATTERN;

const maxBytesSchema = z.coerce.number().int().min(1024).max(2 ** 50).default(DEFAULT_MAX_UPLOAD_BYTES);
let maxBytesOf: { raw: string | undefined; value: number } | undefined;

export function maxUploadBytes(): number {
  const raw = process.env.BID_UPLOAD_MAX_BYTES || undefined;
  // Read on every upload request and every finalise: parsed again only when the variable changed (tests).
  if (maxBytesOf && maxBytesOf.raw === raw) return maxBytesOf.value;
  const v = maxBytesSchema.safeParse(raw);
  if (!v.success) throw new Error("BID_UPLOAD_MAX_BYTES must be an integer number of bytes ≥ 1024");
  maxBytesOf = { raw, value: v.data };
  return v.data;
}

export const uploadDir = () => path.join(path.resolve(getEnv().STORAGE_DIR), "uploads");

/**
 * What one bidder organisation may hold in not-yet-finalised uploads at a time (issue 13: a self-registered
 * bidder must not fill the disk with 2 GiB uploads kept 24 h): their declared sizes together at most two
 * maximal bids (a replacement while the previous upload is pending), and at most OPEN_UPLOADS_PER_ORG of
 * them. A finalised or refused upload is removed at once and frees its share; an abandoned one on expiry.
 */
export const OPEN_UPLOADS_PER_ORG = 50;
export const openUploadBytesPerOrg = () => 2 * maxUploadBytes();

/** What the quota needs of an upload's metadata file; fixed when tus creates the upload. */
interface UploadOwnerInfo { orgId: string | undefined; created: number; size: number }
/**
 * Parsed metadata by upload id. Every POST checks the quota, and reading every open upload's JSON each
 * time made creation O(open uploads) file reads (issue 15: the rush's creates queued on the thread pool
 * behind them). The fields read here never change after creation, so each file is parsed once per process;
 * ids no longer in the directory are dropped.
 */
const ownerInfo = new Map<string, UploadOwnerInfo>();

async function readOwnerInfo(file: string): Promise<UploadOwnerInfo | null> {
  try {
    const info = JSON.parse(await readFile(file, "utf8")) as { creation_date?: string; size?: number; metadata?: Record<string, string> };
    return { orgId: info.metadata?.ownerOrgId, created: info.creation_date ? Date.parse(info.creation_date) : NaN, size: Number(info.size) || 0 };
  } catch {
    return null; // being written or removed concurrently: read again next time
  }
}

/** The not-yet-finalised uploads `orgId` holds now: how many, and their declared bytes. */
export async function openUploadsOf(orgId: string, now = Date.now()): Promise<{ count: number; bytes: number }> {
  let names: string[];
  try {
    names = await readdir(uploadDir());
  } catch {
    return { count: 0, bytes: 0 };
  }
  const present = new Set<string>();
  let n = 0;
  let bytes = 0;
  for (const name of names) {
    const id = name.endsWith(".json") ? name.slice(0, -5) : null;
    if (!id || !UPLOAD_ID_RE.test(id)) continue;
    present.add(id);
    let info = ownerInfo.get(id);
    if (!info) {
      const read = await readOwnerInfo(path.join(uploadDir(), name));
      if (!read) continue;
      ownerInfo.set(id, (info = read));
    }
    if (info.orgId === orgId && Number.isFinite(info.created) && now - info.created <= UPLOAD_EXPIRY_MS) {
      n++;
      bytes += info.size;
    }
  }
  for (const id of ownerInfo.keys()) if (!present.has(id)) ownerInfo.delete(id);
  return { count: n, bytes };
}

/** The authenticated caller of each request being handled (read by the tus hooks). */
const callers = new WeakMap<Request, ApiActor>();

interface Instance {
  key: string;
  server: Server;
  store: HashingFileStore;
}
let instance: Instance | undefined;

function get(): Instance {
  const dir = uploadDir();
  const max = maxUploadBytes();
  const key = `${dir}|${max}`;
  if (instance?.key === key) return instance;
  const store = new HashingFileStore({ directory: dir, expirationPeriodInMilliseconds: UPLOAD_EXPIRY_MS });
  const server = new Server({
    path: UPLOAD_PATH,
    datastore: store,
    maxSize: max,
    relativeLocation: true,
    namingFunction: () => randomBytes(16).toString("hex"),
    // The owner is taken from the authenticated caller, whatever metadata the client sent.
    onUploadCreate: async (req, upload) => {
      const who = callers.get(req as unknown as Request);
      if (!who) throw { status_code: 401, body: "unauthenticated\n" };
      return { metadata: { ...upload.metadata, ownerUserId: who.userId, ownerOrgId: who.orgId } };
    },
  });
  instance = { key, server, store };
  return instance;
}

/** Drops this process's upload server and its running hashes, as a restart would (tests). */
export function resetUploadServer(): void {
  instance = undefined;
  ownerInfo.clear();
}

/** Upload metadata and progress, or null when it does not exist. */
export async function getUpload(id: string): Promise<Upload | null> {
  if (!UPLOAD_ID_RE.test(id)) return null;
  try {
    return await get().store.getUpload(id);
  } catch {
    return null;
  }
}

export const uploadFilePath = (id: string) => {
  if (!UPLOAD_ID_RE.test(id)) throw new Error("bad upload id");
  return path.join(uploadDir(), id);
};

/** Removes an upload's bytes, metadata and digest (after it became a bid, or when refused for good). */
export async function removeUpload(id: string): Promise<void> {
  if (!UPLOAD_ID_RE.test(id)) return;
  instance?.store.forget(id);
  // unlink, not rm: rm stats every path first (it may be a directory), a cost paid in every finalise.
  await Promise.all([uploadFilePath(id), `${uploadFilePath(id)}.json`, `${uploadFilePath(id)}.digest`].map(unlinkIfThere));
}

const unlinkIfThere = (file: string) =>
  unlink(file).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== "ENOENT") throw e;
  });

/**
 * SHA-256, size and framing verdict of a complete upload, recorded by the store as the bytes arrived.
 * Null when none was recorded (an upload completed before this store existed): the caller computes it.
 */
export async function getUploadDigest(id: string): Promise<UploadDigest | null> {
  if (!UPLOAD_ID_RE.test(id)) return null;
  return get().store.readDigest(id);
}

/** Reads the first `n` bytes of an upload (the envelope header), or fewer if the file is shorter. */
export async function readUploadHead(id: string, n: number): Promise<Uint8Array> {
  const fh = await open(uploadFilePath(id), "r");
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return new Uint8Array(buf.buffer, buf.byteOffset, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * Deletes uploads created more than UPLOAD_EXPIRY_MS ago, bytes and metadata (the maintenance job
 * deleteExpiredUploads runs it hourly). @tus/file-store's own deleteExpired skips *completed* uploads, but a
 * completed upload that was never finalised is exactly the leftover we must not keep (an abandoned or
 * refused envelope), so we sweep the metadata files ourselves. A finalised upload is already gone (moved
 * into bid storage). Returns how many were removed.
 */
export async function deleteExpiredUploads(now = Date.now()): Promise<number> {
  const dir = uploadDir();
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0; // no upload ever arrived
  }
  let removed = 0;
  for (const name of names) {
    const id = name.endsWith(".json") ? name.slice(0, -5) : null;
    if (!id || !UPLOAD_ID_RE.test(id)) continue;
    let created: number;
    try {
      const info = JSON.parse(await readFile(path.join(dir, name), "utf8")) as { creation_date?: string };
      created = info.creation_date ? Date.parse(info.creation_date) : NaN;
    } catch {
      continue; // being written or removed concurrently: next run
    }
    if (!Number.isFinite(created) || now - created <= UPLOAD_EXPIRY_MS) continue;
    await removeUpload(id);
    removed++;
  }
  return removed;
}

/**
 * Handles one tus request for an authenticated caller. Requests on an existing upload (HEAD, PATCH,
 * DELETE) are answered only for its owner; to anyone else it does not exist (404), like a bid id.
 */
export async function handleTusRequest(request: Request, who: ApiActor, uploadId: string | null): Promise<Response> {
  const { server } = get();
  if (uploadId !== null) {
    const upload = await getUpload(uploadId);
    if (!upload || upload.metadata?.ownerUserId !== who.userId) throw new DomainError("bids:errors.uploadNotFound", {}, 404);
  }
  callers.set(request, who);
  return server.handleWeb(request);
}
