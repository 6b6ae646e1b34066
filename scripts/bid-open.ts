/**
 * Opens a sealed bid with the bidder's own key file — the bidder's check that what it sealed opens
 * and says what it meant (price sheet, files, hashes), like the browser self-test:
 *   npm run bid:open -- --key-file bidder.key.json --passphrase-env PASS [--out-dir DIR]
 *     [--expect-ciphertext-sha256 HEX] [--expect-plaintext-sha256 HEX] [--json] bid.sealed
 * Without --out-dir nothing is written: the whole envelope is decrypted and verified in memory-flat
 * streaming. With --out-dir the files are extracted there (existing files are never overwritten).
 */
import { createReadStream, createWriteStream, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { parseArgs } from "node:util";
import { formatFingerprint, importKeyFile, openBid, type OpenResult } from "../app/domain/crypto/index";
import { fail, nodeSha256, passphraseFromEnv, runCli } from "./bid-cli-common";

const USAGE =
  "usage: npm run bid:open -- --key-file K.json --passphrase-env NAME [--out-dir DIR] " +
  "[--expect-ciphertext-sha256 HEX] [--expect-plaintext-sha256 HEX] [--json] bid.sealed";

runCli(async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      "key-file": { type: "string" },
      "passphrase-env": { type: "string" },
      "out-dir": { type: "string" },
      "expect-ciphertext-sha256": { type: "string" },
      "expect-plaintext-sha256": { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) fail(USAGE, 0);
  if (!values["key-file"] || positionals.length !== 1) fail(USAGE);
  const key = await importKeyFile(readFileSync(values["key-file"], "utf8"), passphraseFromEnv(values["passphrase-env"]));

  const opened = await openBid(createReadStream(positionals[0], { highWaterMark: 1024 * 1024 }), key, {
    hash: nodeSha256,
    expect: {
      ciphertextSha256: values["expect-ciphertext-sha256"],
      plaintextSha256: values["expect-plaintext-sha256"],
    },
  });
  const outDir = values["out-dir"];
  if (outDir) mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  let result: OpenResult;
  try {
    for await (const f of opened.files) {
      if (!outDir) continue; // done() reads and verifies what we skip
      // Names are validated by the manifest parser (no separators, no "..", no control characters).
      const path = join(outDir, f.name);
      written.push(path);
      await pipeline(Readable.fromWeb(f.stream as NodeReadableStream<Uint8Array>), createWriteStream(path, { flags: "wx" }));
    }
    result = await opened.done();
  } catch (e) {
    // Never leave extracted files behind from a bid that failed verification.
    for (const p of written) rmSync(p, { force: true });
    throw e;
  }
  if (values.json) {
    const bigintAsString = (_: string, v: unknown) => (typeof v === "bigint" ? v.toString() : v);
    process.stdout.write(JSON.stringify({ header: opened.header, priceSheet: opened.priceSheet, ...result }, bigintAsString, 2) + "\n");
    return;
  }
  const ps = opened.priceSheet;
  process.stdout.write(
    [
      `lot:               ${opened.header.lotId}`,
      `sealed to key:     ${formatFingerprint(opened.header.recipientFingerprint)}`,
      `total price (fen): ${ps.totalPriceFen}`,
      `duration (days):   ${ps.durationDays}`,
      ...ps.fields.map((f) => `  ${f.name}: ${f.value}`),
      ...result.files.map((f) => `file: ${f.name}  ${f.size} bytes  sha256 ${f.sha256}`),
      `ciphertext sha256: ${result.ciphertextSha256}`,
      `plaintext sha256:  ${result.plaintextSha256}`,
      `verified:          all ${result.chunkCount} chunks authentic and complete${outDir ? `; files in ${outDir}` : ""}`,
      "",
    ].join("\n"),
  );
});
