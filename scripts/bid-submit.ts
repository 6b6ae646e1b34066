/**
 * Submits a sealed bid (from `npm run bid:seal` or any tool writing docs/sealed-bid-format.md) with a
 * personal API token: a resumable tus upload to /api/v1/uploads, then POST /api/v1/bids, printing the receipt.
 *   npm run bid:submit -- --url http://localhost:3000 (--token T | --token-env NAME) --lot <lotId>
 *     --plaintext-sha256 <hex printed by bid:seal> --bond-method ACCOUNT_TRANSFER|BANK_GUARANTEE|INSURANCE
 *     --bond-amount-fen N [--payer-account A --bank-reference R | --guarantee-no G] [--payer-bank B] bid.sealed
 * A dropped connection is retried and resumed from the server's offset; the envelope's header is checked
 * locally first (version, lot) so an obviously wrong file is refused before any byte is sent.
 */
import { createHash, randomUUID } from "node:crypto";
import { createReadStream, readFileSync, statSync } from "node:fs";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import * as tus from "tus-js-client";
import { formatFingerprint, readEnvelopeHeader } from "../app/domain/crypto/index";
import { fail, runCli } from "./bid-cli-common";

const USAGE =
  "usage: npm run bid:submit -- --url URL (--token T | --token-env NAME) --lot ID --plaintext-sha256 HEX " +
  "--bond-method METHOD --bond-amount-fen N [--payer-account A --bank-reference R | --guarantee-no G] [--payer-bank B] FILE.sealed";

runCli(async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      url: { type: "string", default: "http://localhost:3000" },
      token: { type: "string" },
      "token-env": { type: "string" },
      lot: { type: "string" },
      "plaintext-sha256": { type: "string" },
      "bond-method": { type: "string" },
      "bond-amount-fen": { type: "string" },
      "payer-account": { type: "string" },
      "payer-bank": { type: "string" },
      "bank-reference": { type: "string" },
      "guarantee-no": { type: "string" },
      "device-id": { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) fail(USAGE, 0);
  const file = positionals[0];
  const token = values.token ?? (values["token-env"] ? process.env[values["token-env"]] : undefined);
  if (!file || !token || !values.lot || !values["plaintext-sha256"] || !values["bond-method"] || !values["bond-amount-fen"]) fail(USAGE);
  const base = values.url!.replace(/\/$/, "");

  // Local checks first: a readable v1 envelope for this lot.
  const head = readFileSync(file).subarray(0, 70_000);
  const { header } = readEnvelopeHeader(new Uint8Array(head));
  if (header.lotId !== values.lot) fail(`this envelope was sealed for lot ${header.lotId}, not ${values.lot}`);
  const size = statSync(file).size;
  const hash = createHash("sha256");
  await pipeline(createReadStream(file), hash);
  const ciphertextSha256 = hash.digest("hex");

  const uploadUrl = await new Promise<string>((resolve, reject) => {
    let last = -1;
    const upload = new tus.Upload(createReadStream(file), {
      endpoint: `${base}/api/v1/uploads`,
      uploadSize: size,
      chunkSize: 8 * 1024 * 1024,
      headers: { Authorization: `Bearer ${token}` },
      metadata: { filename: "bid.sealed", lotId: values.lot! },
      retryDelays: [0, 1000, 3000, 5000, 10000, 20000],
      onProgress: (sent, total) => {
        const pct = Math.floor((sent / total) * 100);
        if (pct !== last && process.stderr.isTTY) process.stderr.write(`\ruploading ${pct}%`);
        last = pct;
      },
      onError: reject,
      onSuccess: () => resolve(upload.url!),
    });
    upload.start();
  });
  if (process.stderr.isTTY) process.stderr.write("\n");
  const uploadId = uploadUrl.split("/").pop()!;

  const method = values["bond-method"];
  const bond =
    method === "ACCOUNT_TRANSFER"
      ? { method, amountFen: values["bond-amount-fen"], payerAccount: values["payer-account"], bankReference: values["bank-reference"], payerBank: values["payer-bank"] }
      : { method, amountFen: values["bond-amount-fen"], guaranteeNo: values["guarantee-no"], payerBank: values["payer-bank"] };
  const res = await fetch(`${base}/api/v1/bids`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "Accept-Language": /^zh/i.test(process.env.LANG ?? "") ? "zh-CN" : "en" },
    body: JSON.stringify({
      lotId: values.lot,
      uploadId,
      ciphertextSha256,
      plaintextSha256: values["plaintext-sha256"],
      deviceId: values["device-id"] ?? `cli-${randomUUID()}`,
      bond,
    }),
  });
  const body = (await res.json()) as Record<string, string> & { error?: { code: string; message: string } };
  if (!res.ok) fail(`${body.error?.message ?? res.statusText}\n[${body.error?.code ?? res.status}]`, 1);
  if (values.json) {
    process.stdout.write(JSON.stringify(body, null, 2) + "\n");
    return;
  }
  process.stdout.write(
    [
      `receipt:           ${body.receiptNumber}`,
      `bid:               ${body.bidId}${body.replacedBidId ? ` (replaces ${body.replacedBidId})` : ""}`,
      `lot:               ${body.lotId}`,
      `server time:       ${body.issuedAt}`,
      `ciphertext sha256: ${body.ciphertextSha256}`,
      `plaintext sha256:  ${body.plaintextSha256}`,
      `size:              ${body.size} bytes`,
      `sealed to key:     ${formatFingerprint(body.keyFingerprint ?? "")}`,
      "",
    ].join("\n"),
  );
});
