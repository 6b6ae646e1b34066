import { readFileSync } from "node:fs";
import { z } from "zod";

/**
 * Configuration from environment variables, validated once at boot by the web server and the worker.
 * Every value has a working default so that `npm start` runs on a fresh machine with no .env at all.
 */
/** Public (it is in this file): CSRF tokens and cookies signed with it can be forged offline. Refused in production. */
export const DEV_APP_SECRET = "dev-secret-change-me-in-production-0123456789abcdef";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  /** The APP role (owns nothing, audit tables insert-only; scripts/db-roles.ts). Migrations use MIGRATE_DATABASE_URL. */
  DATABASE_URL: z.string().url().default("postgresql://ggzy_app@127.0.0.1:5432/ggzy"),
  REDIS_URL: z.string().url().default("redis://127.0.0.1:6379"),
  /** Prefix of every BullMQ key: lets tests and several centres share one Redis. */
  QUEUE_PREFIX: z.string().min(1).default("ggzy"),
  /** 32+ byte secret for cookies, CSRF tokens and the TOTP-secret encryption key. */
  APP_SECRET: z.string().min(32).default(DEV_APP_SECRET),
  STORAGE_DIR: z.string().default("./var/storage"),
  /** Public origin, used in documents and to check the Origin header of form posts. */
  PUBLIC_URL: z.string().url().default("http://localhost:3000"),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 7).default(12),
  /** How often a live stream (log, hall, bell) re-checks the right it was opened with (issue 13). */
  STREAM_RECHECK_SECONDS: z.coerce.number().int().min(1).max(300).default(15),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** CJK font used for PDFs; a .ttc needs PDF_FONT_NAME (its PostScript name). */
  PDF_FONT_PATH: z.string().default("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
  PDF_FONT_NAME: z.string().default("NotoSansCJKsc-Regular"),
  CENTRE_NAME: z.string().default("示范市公共资源交易中心"),
  /**
   * 重大项目: lots whose ceiling price or estimate is at least this many fen (default ¥5,000,000) need a
   * supervisor at their draw and opening (issue 7 §5).
   */
  MAJOR_PROJECT_THRESHOLD_FEN: z
    .string()
    .regex(/^\d{1,16}$/)
    .default("500000000")
    .transform((v) => BigInt(v)),
  /** Open data (OCDS): the centre's registered ocid prefix ("ocds-" + 6 characters), licence and policy URLs. */
  OCDS_PREFIX: z.string().regex(/^ocds-[a-z0-9]{6}$/).default("ocds-ggzy01"),
  OCDS_LICENSE_URL: z.string().url().default("https://creativecommons.org/licenses/by/4.0/"),
  /** Default: the open-data section of the announcements page. */
  OCDS_PUBLICATION_POLICY_URL: z.string().url().optional(),
  /** Notifications (docs/notifications.md): unset = development email sink (recorded + logged; refused in production). */
  SMTP_URL: z.string().url().optional(),
  /**
   * Development mailbox: the directory the local SMTP sink (scripts/mail-sink.ts) writes to. Set by
   * `npm start` only when SMTP_URL was unset; enables /admin/mail. Unset in a real deployment.
   */
  MAIL_SINK_DIR: z.string().min(1).optional(),
  SMTP_FROM: z.string().default("公共资源交易中心 <noreply@ggzy.local>"),
  SMS_PROVIDER: z.enum(["dev-sink"]).default("dev-sink"),
  /**
   * Express "trust proxy": which hops may set X-Forwarded-For/-Proto. "loopback" trusts a reverse proxy on
   * this host; "false" trusts nobody; a number trusts that many hops; or a list of addresses/CIDRs.
   */
  TRUST_PROXY: z.string().default("loopback"),
  /**
   * Bearer token for GET /metrics. Unset: /metrics answers only requests from this host (loopback), so a
   * Prometheus on the same machine needs nothing; anyone else gets 404 (docs/security.md).
   */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Cookies need the Secure flag behind HTTPS; off only for plain-http localhost (refused otherwise in production). */
  COOKIE_SECURE: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse({ APP_SECRET: localAppSecret(), ...process.env });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    // Fail at boot with every bad variable named, rather than at the first request that needs one.
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  const problems = productionProblems(parsed.data);
  if (problems.length > 0) {
    // Refuse to boot (web and worker alike): a warning scrolls by, a forged CSRF token does not.
    throw new Error(`Unsafe production configuration (NODE_ENV=production):\n${problems.map((p) => `  ${p}`).join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

/** Tests change the environment between files; they call this to re-read it. */
export function resetEnvCache() {
  cached = undefined;
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * What a production boot refuses (issue 13 §7): the public development APP_SECRET, and cookies without the
 * Secure flag unless the portal is only reachable on this machine (http://localhost, as `npm start` and the
 * browser tests run it): a session cookie sent in clear over a network can be stolen.
 */
export function productionProblems(env: Pick<Env, "NODE_ENV" | "APP_SECRET" | "COOKIE_SECURE" | "PUBLIC_URL">): string[] {
  if (env.NODE_ENV !== "production") return [];
  const problems: string[] = [];
  if (env.APP_SECRET === DEV_APP_SECRET || env.APP_SECRET.startsWith("dev-secret")) {
    problems.push("APP_SECRET: the public development default; set 32+ random bytes (e.g. `openssl rand -base64 48`)");
  }
  const url = new URL(env.PUBLIC_URL);
  const localOnly = url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname);
  if (!env.COOKIE_SECURE && !localOnly) {
    problems.push(`COOKIE_SECURE: must be "true" when the portal is served at ${url.origin} (session cookies would travel in clear)`);
  }
  return problems;
}

/**
 * scripts/setup.sh writes a random secret to var/app-secret (mode 0600) on first run, so `npm start` and
 * `npm run dev` on one machine share a real secret without any .env. An APP_SECRET variable wins.
 */
function localAppSecret(): string | undefined {
  try {
    return readFileSync("var/app-secret", "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}
