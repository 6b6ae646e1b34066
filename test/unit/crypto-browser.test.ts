// The same module, bundled for the browser, must seal byte-identical envelopes in a real browser
// (Debian Chromium via playwright-core) and open Node-made key files and envelopes. Bundling with
// platform "browser" also proves app/domain/crypto imports nothing Node-specific.
import { build } from "esbuild";
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VECTOR_PASSPHRASE, readVectorBytes, readVectorJson } from "./crypto-helpers";

const CHROMIUM = "/usr/bin/chromium";

describe.skipIf(!existsSync(CHROMIUM))("sealed-bid crypto in Chromium", () => {
  let browser: Browser;
  let server: Server;
  let bundle: string;

  beforeAll(async () => {
    const out = await build({
      entryPoints: ["app/domain/crypto/index.ts"],
      bundle: true,
      platform: "browser",
      format: "iife",
      globalName: "GGZYCrypto",
      write: false,
      logLevel: "silent",
    });
    bundle = out.outputFiles[0].text;
    // Web Crypto needs a secure context: http://127.0.0.1 is one, about:blank is not.
    server = createServer((_, res) => res.end("<!doctype html><title>crypto</title>"));
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it.each(["v1-multichunk", "v1-single-chunk"])("seals %s to the vector's bytes and opens it with the key file", async (name) => {
    const v = readVectorJson(`${name}.json`);
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.addScriptTag({ content: bundle });
    const out = await page.evaluate(
      async ({ v, rnd, spki, keyFile, passphrase }) => {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const G = (globalThis as any).GGZYCrypto;
        const files = v.input.files.map((f: { name: string; contentBase64: string }) => {
          const b = G.fromBase64(f.contentBase64);
          return { name: f.name, size: b.length, stream: new Blob([b]).stream() };
        });
        const { stream, result } = G.sealBid({
          lotId: v.input.lotId,
          recipientPublicKey: G.fromBase64(spki),
          priceSheet: v.input.priceSheet,
          files,
          chunkSize: v.input.chunkSize ?? undefined,
          randomness: G.deterministicRandomnessFromJson(rnd),
        });
        const bytes = await G.readAllBytes(stream);
        const sealed = await result;
        const key = await G.importKeyFile(keyFile, passphrase);
        const opened = await G.openBid(new Blob([bytes]).stream(), key);
        const done = await opened.done();
        return {
          envelope: G.toBase64(bytes),
          ciphertextSha256: sealed.ciphertextSha256,
          plaintextSha256: done.plaintextSha256,
          price: String(opened.priceSheet.totalPriceFen),
        };
      },
      {
        v,
        rnd: readVectorJson("randomness.json"),
        spki: readVectorJson("recipient.json").spki,
        keyFile: readVectorJson("bidder.key.json"),
        passphrase: VECTOR_PASSPHRASE,
      },
    );
    await page.close();
    expect(Buffer.from(out.envelope, "base64").equals(Buffer.from(readVectorBytes(v.expected.envelopeFile)))).toBe(true);
    expect(out.ciphertextSha256).toBe(v.expected.ciphertextSha256);
    expect(out.plaintextSha256).toBe(v.expected.plaintextSha256);
    expect(out.price).toBe(v.input.priceSheet.totalPriceFen);
  }, 60_000);
});
