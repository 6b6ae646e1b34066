/**
 * Node-only glue shared by the bid CLIs (bid-keygen, bid-seal, bid-open). The crypto itself is the
 * isomorphic app/domain/crypto module — the same code the browser runs — so envelopes are byte-identical.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  deterministicRandomnessFromJson,
  isSealedBidError,
  type HashFactory,
  type Randomness,
} from "../app/domain/crypto/index";
import { isDomainError } from "../app/domain/errors";

/** node:crypto's SHA-256 (native, ~10× the pure-JS speed); same digests as the browser's. */
export const nodeSha256: HashFactory = () => createHash("sha256");

export function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

/** The passphrase comes from an environment variable, never argv (argv shows in `ps` and shell history). */
export function passphraseFromEnv(name: string | undefined): string {
  if (!name) fail("--passphrase-env NAME is required (the passphrase is read from that environment variable)");
  const v = process.env[name];
  if (v === undefined || v === "") fail(`environment variable ${name} is empty or not set`);
  return v;
}

/**
 * Deterministic randomness for tests: GGZY_BID_TEST_RANDOMNESS names a JSON file
 * ({ seed, ephemeralPrivateJwk }). Honoured only when NODE_ENV=test, so a stray variable can never
 * make a real bid's keys predictable.
 */
export function testRandomness(): Randomness | undefined {
  const path = process.env.GGZY_BID_TEST_RANDOMNESS;
  if (!path) return undefined;
  if (process.env.NODE_ENV !== "test") {
    process.stderr.write("warning: GGZY_BID_TEST_RANDOMNESS ignored (only honoured with NODE_ENV=test)\n");
    return undefined;
  }
  return deterministicRandomnessFromJson(JSON.parse(readFileSync(path, "utf8")));
}

type Messages = { errors: Record<string, string> };
function loadMessages(): Messages {
  const lang = /^zh/i.test(process.env.LC_ALL || process.env.LANG || "") ? "zh-CN" : "en";
  const url = new URL(`../app/locales/${lang}/bids.json`, import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), "utf8")) as Messages;
}

/** Prints a refusal in the user's language (LANG=zh_* → Chinese) with its code, and exits 1. */
export function reportError(e: unknown): never {
  if (isSealedBidError(e) || isDomainError(e)) {
    const key = e.code.replace(/^bids:errors\./, "");
    const template = loadMessages().errors[key] ?? e.code;
    const text = template.replace(/\{\{(\w+)\}\}/g, (_, p: string) => String(e.params[p] ?? ""));
    fail(`${text}\n[${e.code}]`, 1);
  }
  fail(`error: ${e instanceof Error ? e.message : String(e)}`, 1);
}

/** Wraps a CLI main so errors print cleanly instead of as a stack trace. */
export function runCli(main: () => Promise<void>): void {
  main().catch(reportError);
}
