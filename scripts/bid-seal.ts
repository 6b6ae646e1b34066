/**
 * Seals a bid offline into a v1 envelope (docs/sealed-bid-format.md), byte-identical to what the
 * browser produces from the same inputs and randomness:
 *   npm run bid:seal -- --key-file bidder.key.json [--passphrase-env PASS] | --public-key bidder.pub.json
 *     --lot <lotId> --price-fen 123456789 --duration-days 365 [--field 质保期=5年 ...]
 *     [--chunk-size 1048576] [--json] --out bid.sealed file1.pdf file2.dwg
 * With --key-file and --passphrase-env the key file is unlocked first and the finished envelope is
 * checked to open with it: the commonest opening-day failure is a bid sealed to a key nobody can unlock.
 */
import { createReadStream, createWriteStream, existsSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { basename } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { parseArgs } from "node:util";
import {
  formatFingerprint,
  importKeyFile,
  importRecipientPublicKey,
  readEnvelopeHeader,
  sealBid,
  unwrapContentKey,
  type BidderKey,
} from "../app/domain/crypto/index";
import { fail, nodeSha256, passphraseFromEnv, runCli, testRandomness } from "./bid-cli-common";

const USAGE =
  "usage: npm run bid:seal -- (--key-file K.json [--passphrase-env NAME] | --public-key P.json) --lot ID " +
  "--price-fen N --duration-days N [--field name=value ...] [--chunk-size N] [--json] [--force] --out OUT files...";

runCli(async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      "key-file": { type: "string" },
      "passphrase-env": { type: "string" },
      "public-key": { type: "string" },
      lot: { type: "string" },
      "price-fen": { type: "string" },
      "duration-days": { type: "string" },
      field: { type: "string", multiple: true },
      "chunk-size": { type: "string" },
      out: { type: "string" },
      json: { type: "boolean" },
      force: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) fail(USAGE, 0);
  if (!values.out || !values.lot || !values["price-fen"] || !values["duration-days"]) fail(USAGE);
  if (!values["key-file"] === !values["public-key"]) fail("give exactly one of --key-file or --public-key\n" + USAGE);

  let unlocked: BidderKey | undefined;
  const keySource = readFileSync((values["key-file"] ?? values["public-key"])!, "utf8");
  if (values["key-file"] && values["passphrase-env"]) {
    unlocked = await importKeyFile(keySource, passphraseFromEnv(values["passphrase-env"]));
  }
  const recipient = await importRecipientPublicKey(keySource);

  const fields: Record<string, string> = {};
  for (const f of values.field ?? []) {
    const eq = f.indexOf("=");
    if (eq <= 0) fail(`--field must be name=value, got "${f}"`);
    fields[f.slice(0, eq)] = f.slice(eq + 1);
  }
  if (!/^\d+$/.test(values["duration-days"])) fail("--duration-days must be a whole number of days");
  const files = positionals.map((path) => ({
    name: basename(path),
    size: statSync(path).size,
    stream: () => createReadStream(path, { highWaterMark: 256 * 1024 }),
  }));

  const { stream, result } = sealBid({
    lotId: values.lot,
    recipientPublicKey: recipient.publicKeySpki,
    priceSheet: { totalPriceFen: values["price-fen"], durationDays: Number(values["duration-days"]), fields },
    files,
    chunkSize: values["chunk-size"] ? Number(values["chunk-size"]) : undefined,
    randomness: testRandomness(),
    hash: nodeSha256,
  });

  // Written beside the target, renamed when complete: a half-written envelope never has the final name.
  const part = `${values.out}.part`;
  if (!values.force && existsSync(values.out)) fail(`refusing to overwrite ${values.out} (use --force)`);
  try {
    await pipeline(Readable.fromWeb(stream as NodeReadableStream<Uint8Array>), createWriteStream(part));
    renameSync(part, values.out);
  } catch (e) {
    rmSync(part, { force: true });
    throw e;
  }
  const r = await result;

  let selfTest = "not run (give --key-file and --passphrase-env to check the bid opens with your key)";
  if (unlocked) {
    const head = readFileSync(values.out).subarray(0, 70_000);
    await unwrapContentKey(readEnvelopeHeader(head).header, unlocked);
    selfTest = "ok (the key file opens this bid)";
  }
  if (values.json) {
    const bigintAsString = (_: string, v: unknown) => (typeof v === "bigint" ? v.toString() : v);
    process.stdout.write(JSON.stringify({ out: values.out, ...r, selfTest: Boolean(unlocked) }, bigintAsString, 2) + "\n");
    return;
  }
  process.stdout.write(
    [
      `sealed bid:        ${values.out} (${r.size} bytes, ${r.chunkCount} chunks)`,
      `lot:               ${r.header.lotId}`,
      `sealed to key:     ${formatFingerprint(r.header.recipientFingerprint)}`,
      `total price (fen): ${r.manifest.priceSheet.totalPriceFen}`,
      `duration (days):   ${r.manifest.priceSheet.durationDays}`,
      ...r.manifest.priceSheet.fields.map((f) => `  ${f.name}: ${f.value}`),
      ...r.manifest.files.map((f) => `file: ${f.name}  ${f.size} bytes  sha256 ${f.sha256}`),
      `ciphertext sha256: ${r.ciphertextSha256}`,
      `plaintext sha256:  ${r.plaintextSha256}`,
      `self-test:         ${selfTest}`,
      "",
    ].join("\n"),
  );
});
