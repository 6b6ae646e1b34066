/**
 * Generates a bidder key pair for sealed bids (offline), as the browser does:
 *   npm run bid:keygen -- --out bidder.key.json --public-out bidder.pub.json --passphrase-env BID_PASS
 * The key file holds the private key encrypted under the passphrase (PBKDF2-SHA-256 ≥ 600 000, AES-GCM);
 * register the public key (or the key file's fingerprint) on the portal. Keep the key file and the
 * passphrase: without them a sealed bid cannot be opened at the opening.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  MIN_PBKDF2_ITERATIONS,
  exportKeyFile,
  exportPublicKeyFile,
  formatFingerprint,
  generateBidderKeyPair,
} from "../app/domain/crypto/index";
import { fail, passphraseFromEnv, runCli } from "./bid-cli-common";

const USAGE = `usage: npm run bid:keygen -- --out bidder.key.json [--public-out bidder.pub.json] --passphrase-env NAME [--iterations N]`;

runCli(async () => {
  const { values } = parseArgs({
    options: {
      out: { type: "string" },
      "public-out": { type: "string" },
      "passphrase-env": { type: "string" },
      iterations: { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) fail(USAGE, 0);
  if (!values.out) fail(USAGE);
  const passphrase = passphraseFromEnv(values["passphrase-env"]);
  const iterations = values.iterations ? Number(values.iterations) : MIN_PBKDF2_ITERATIONS;

  const keyPair = await generateBidderKeyPair();
  const keyFile = await exportKeyFile(keyPair, passphrase, { iterations });
  // "wx": never overwrite an existing key file — losing the old one orphans the bids sealed to it.
  try {
    writeFileSync(values.out, JSON.stringify(keyFile, null, 2) + "\n", { flag: "wx", mode: 0o600 });
    if (values["public-out"]) {
      const pub = await exportPublicKeyFile(keyPair.publicKey);
      writeFileSync(values["public-out"], JSON.stringify(pub, null, 2) + "\n", { flag: "wx" });
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") fail(`refusing to overwrite ${(e as NodeJS.ErrnoException).path}`);
    throw e;
  }
  process.stdout.write(
    `key file:    ${values.out}\n` +
      (values["public-out"] ? `public key:  ${values["public-out"]}\n` : "") +
      `fingerprint: ${formatFingerprint(keyFile.fingerprint)}\n`,
  );
});
