// The CLI (scripts/bid-seal.ts) and the library produce the same bytes: run the real script in a
// child process with the test randomness (honoured only under NODE_ENV=test) and compare with the
// stored vector, which the library test reproduces too. Then open it with scripts/bid-open.ts.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { VECTOR_DIR, VECTOR_PASSPHRASE, readVectorBytes, readVectorJson } from "./crypto-helpers";

const run = promisify(execFile);
const TSX = join(process.cwd(), "node_modules/.bin/tsx");
const work = mkdtempSync(join(tmpdir(), "bid-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const env = (extra: Record<string, string>) => ({ ...process.env, BID_PASS: VECTOR_PASSPHRASE, ...extra });

async function cliSeal(vectorName: string, out: string, nodeEnv: string) {
  const v = readVectorJson(`${vectorName}.json`);
  const paths = v.input.files.map((f: { name: string; contentBase64: string }) => {
    const p = join(work, f.name);
    writeFileSync(p, Buffer.from(f.contentBase64, "base64"));
    return p;
  });
  // Fields given in reverse order on purpose: the manifest sorts them, so the bytes do not change.
  const fields = Object.entries(v.input.priceSheet.fields as Record<string, string>)
    .reverse()
    .flatMap(([k, val]) => ["--field", `${k}=${val}`]);
  const args = [
    "scripts/bid-seal.ts",
    "--key-file", join(VECTOR_DIR, "bidder.key.json"),
    "--passphrase-env", "BID_PASS",
    "--lot", v.input.lotId,
    "--price-fen", v.input.priceSheet.totalPriceFen,
    "--duration-days", String(v.input.priceSheet.durationDays),
    ...fields,
    ...(v.input.chunkSize ? ["--chunk-size", String(v.input.chunkSize)] : []),
    "--json", "--force",
    "--out", out,
    ...paths,
  ];
  const { stdout } = await run(TSX, args, {
    env: env({ NODE_ENV: nodeEnv, GGZY_BID_TEST_RANDOMNESS: join(VECTOR_DIR, "randomness.json") }),
  });
  return { v, summary: JSON.parse(stdout) };
}

describe("bid CLI", () => {
  it.each(["v1-multichunk", "v1-single-chunk"])("bid:seal with test randomness = the library's bytes (%s)", async (name) => {
    const out = join(work, `${name}.sealed`);
    const { v, summary } = await cliSeal(name, out, "test");
    const cliBytes = readFileSync(out);
    expect(cliBytes.equals(Buffer.from(readVectorBytes(v.expected.envelopeFile)))).toBe(true);
    expect(summary).toMatchObject({
      ciphertextSha256: v.expected.ciphertextSha256,
      plaintextSha256: v.expected.plaintextSha256,
      size: v.expected.size,
      selfTest: true,
    });
  }, 30_000);

  it("ignores the test randomness outside NODE_ENV=test", async () => {
    const out = join(work, "real.sealed");
    const { v } = await cliSeal("v1-single-chunk", out, "production");
    expect(readFileSync(out).equals(Buffer.from(readVectorBytes(v.expected.envelopeFile)))).toBe(false);
  }, 30_000);

  it("bid:open verifies a vector and extracts its files; a wrong passphrase exits 1 with the message", async () => {
    const v = readVectorJson("v1-multichunk.json");
    const outDir = join(work, "opened");
    const { stdout } = await run(
      TSX,
      ["scripts/bid-open.ts", "--key-file", join(VECTOR_DIR, "bidder.key.json"), "--passphrase-env", "BID_PASS",
        "--out-dir", outDir, "--expect-ciphertext-sha256", v.expected.ciphertextSha256, "--json",
        join(VECTOR_DIR, v.expected.envelopeFile)],
      { env: env({}) },
    );
    const opened = JSON.parse(stdout);
    expect(opened.plaintextSha256).toBe(v.expected.plaintextSha256);
    expect(opened.priceSheet.totalPriceFen).toBe(v.input.priceSheet.totalPriceFen);
    for (const f of v.input.files) {
      expect(readFileSync(join(outDir, f.name)).equals(Buffer.from(f.contentBase64, "base64"))).toBe(true);
    }
    const err = await run(
      TSX,
      ["scripts/bid-open.ts", "--key-file", join(VECTOR_DIR, "bidder.key.json"), "--passphrase-env", "BID_PASS",
        join(VECTOR_DIR, v.expected.envelopeFile)],
      { env: env({ BID_PASS: "not the passphrase", LANG: "en_US.UTF-8" }) },
    ).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toContain("[bids:errors.wrongPassphrase]");
    expect(err.stderr).toContain("passphrase does not unlock");
  }, 30_000);
});
