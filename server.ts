/**
 * The web server: Express 4 in front of Remix. Production serves the build in REMIX_BUILD_DIR;
 * `--dev` runs Vite in middleware mode instead (HMR on the same port).
 *
 *   npx tsx server.ts [--dev]        PORT/HOST and everything else from the environment (app/lib/env.server.ts)
 *
 * Every response gets security headers (strict CSP with a per-request nonce), a request id, a JSON log
 * line and an http_request_duration_seconds observation. Cross-site form posts are refused here, before
 * Remix. SIGTERM/SIGINT drain in-flight requests, then close the database and Redis.
 */
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import type { ViteDevServer } from "vite";
import { getEnv } from "./app/lib/env.server";
import "./app/lib/load-context";
import { pickLocale } from "./app/lib/locale";
import { LOCALE_COOKIE, readCookie } from "./app/lib/locale.server";
import { logger } from "./app/lib/logger.server";
import { watchSupervisor } from "./app/lib/parent-watch.server";
import { getMetrics, routeLabel } from "./app/lib/metrics.server";
import { baseSecurityHeaders, buildCsp, isCrossSiteWrite, parseTrustProxy } from "./app/lib/web-security.server";
import enCommon from "./app/locales/en/common.json" with { type: "json" };
import zhCommon from "./app/locales/zh-CN/common.json" with { type: "json" };

const env = getEnv(); // validates the whole configuration now: a bad variable stops the boot, named
const DEV = process.argv.includes("--dev");
const BUILD_DIR = path.resolve(process.env.REMIX_BUILD_DIR ?? "build");
const HTTPS = env.PUBLIC_URL.startsWith("https:");
const SHUTDOWN_GRACE_MS = 10_000;
const KNOWN_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const QUIET_PATHS = /^\/(healthz|readyz|metrics|favicon\.svg|assets\/)/;
const STARTED_AT = Date.now();

const app = express();
const server = http.createServer(app);
const { httpDuration } = getMetrics();
let shuttingDown = false;

app.disable("x-powered-by");
app.set("trust proxy", parseTrustProxy(env.TRUST_PROXY));

// 1. Request id, CSP nonce, timing, JSON log line and metrics — first, so they cover everything below.
app.use((req: Request, res: Response, next: NextFunction) => {
  const started = process.hrtime.bigint();
  const incoming = req.get("x-request-id");
  const requestId = incoming && /^[\w.-]{8,64}$/.test(incoming) ? incoming : randomUUID();
  res.locals.requestId = requestId;
  res.locals.cspNonce = randomBytes(16).toString("base64");
  res.setHeader("X-Request-Id", requestId);
  if (shuttingDown) res.setHeader("Connection", "close");

  let recorded = false;
  const record = (aborted: boolean) => {
    if (recorded) return;
    recorded = true;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    // 499 (nginx's "client closed request") when the client left before we answered.
    const status = aborted && !res.headersSent ? 499 : res.statusCode;
    const route = routeLabel(req.path, status);
    // Bidding paths also lose their method: POSTs there are mostly bid finalisations (issue 13 §5).
    const method = route.endsWith("/*") && route !== "/assets/*" ? "ANY" : KNOWN_METHODS.has(req.method) ? req.method : "OTHER";
    httpDuration.observe({ method, route, status_code: String(status) }, seconds);
    const line = {
      requestId,
      method: req.method,
      path: req.path, // no query string: it may carry tokens
      status,
      ms: Math.round(seconds * 10_000) / 10,
      ip: req.ip,
      ua: req.get("user-agent")?.slice(0, 200),
      ...(aborted ? { aborted: true } : {}),
    };
    if (status >= 500) logger.error(line, "request");
    else if (QUIET_PATHS.test(req.path)) logger.debug(line, "request");
    else logger.info(line, "request");
  };
  res.on("finish", () => record(false));
  res.on("close", () => record(!res.writableFinished));
  next();
});

// 2. Security headers on every response.
const staticHeaders = baseSecurityHeaders({ https: HTTPS });
app.use((_req, res, next) => {
  for (const [k, v] of Object.entries(staticHeaders)) res.setHeader(k, v);
  res.setHeader("Content-Security-Policy", buildCsp({ nonce: res.locals.cspNonce as string, dev: DEV, https: HTTPS }));
  next();
});

// 3. The app reads the client address from X-Forwarded-For (actorFromRequest, audit log). Replace whatever
//    the client sent with the address Express resolved under TRUST_PROXY, so it cannot be spoofed.
app.use((req, _res, next) => {
  req.headers["x-forwarded-for"] = req.ip ?? req.socket.remoteAddress ?? "";
  next();
});

// 4. First CSRF layer: cross-site state-changing requests to pages are refused (tokens are the second).
app.use((req, res, next) => {
  const crossSite = isCrossSiteWrite({
    method: req.method,
    path: req.path,
    secFetchSite: req.get("sec-fetch-site"),
    origin: req.get("origin"),
    hosts: [req.get("host"), req.hostname && req.get("x-forwarded-host") ? req.hostname : null],
    publicUrl: env.PUBLIC_URL,
  });
  if (!crossSite) return next();
  logger.warn({ requestId: res.locals.requestId, path: req.path, origin: req.get("origin"), site: req.get("sec-fetch-site") }, "cross-site write refused");
  const lng = pickLocale({ cookie: readCookie(req.get("cookie"), LOCALE_COOKIE), acceptLanguage: req.get("accept-language") });
  const msg = (lng === "en" ? enCommon : zhCommon).errors.csrf;
  res.status(403).type("html").send(`<!doctype html><html lang="${lng}"><meta charset="utf-8"><title>403</title><p>${msg}</p></html>`);
});

// 5. Compression — but never for Server-Sent Events: gzip would hold events back in its buffer.
app.use(
  compression({
    filter: (req, res) => !String(res.getHeader("Content-Type") ?? "").startsWith("text/event-stream") && compression.filter(req, res),
  }),
);

// 6. Liveness and readiness (issue 14), answered here, before Remix, so that a restarted process says it
//    is alive within a fraction of a second — while the server build still loads.
//    /healthz: the process runs and its event loop answers. Never depends on PostgreSQL or Redis: an outage
//    of theirs must not make a supervisor restart every web process.
//    /readyz: send me traffic — the build is loaded, this process is not draining, PostgreSQL and Redis answer.
let remix: ReturnType<typeof createRequestHandler> | null = null;
//    Both report whether the stored files match their Document rows (issue 16 item 8): /healthz the
//    process's counters only (no I/O), /readyz those plus a small sample taken at most every ten minutes.
//    A mismatch is reported, never fatal: a lost file must not take the instance out of rotation.
app.get("/healthz", async (_req, res) => {
  const { storageIntegrity } = await import("./app/lib/storage-integrity.server");
  const s = storageIntegrity();
  res.set("Cache-Control", "no-store").json({
    status: shuttingDown ? "draining" : "ok",
    pid: process.pid,
    uptimeMs: Date.now() - STARTED_AT,
    storage: { status: s.missing + s.damaged > 0 ? "mismatch" : "ok", ...s },
  });
});
app.get("/readyz", async (_req, res) => {
  const { checkHealth } = await import("./app/lib/health.server");
  const h = remix ? await checkHealth() : { status: "starting" as const, db: "unknown", redis: "unknown" };
  let storage: unknown = "unknown";
  if (remix && h.status === "ok") {
    const [{ storageReport, SAMPLE_SQL }, { getDb }, { getStorage }] = await Promise.all([
      import("./app/lib/storage-integrity.server"),
      import("./app/lib/db.server"),
      import("./app/lib/storage.server"),
    ]);
    storage = await storageReport(() => getDb().$queryRawUnsafe(SAMPLE_SQL), (key) => getStorage().exists(key));
  }
  res.set("Cache-Control", "no-store").status(h.status === "ok" ? 200 : 503).json({ ...h, storage });
});

let vite: ViteDevServer | undefined;
let build: ServerBuild | (() => Promise<ServerBuild>);
// Listen before loading the build (the slow part of a start): until it is loaded, pages answer 503 with
// Retry-After, /healthz 200 and /readyz 503, so a proxy keeps sending traffic to the other instance.
server.listen(env.PORT, env.HOST, () => {
  logger.info({ port: env.PORT, host: env.HOST, mode: DEV ? "development" : "production", buildDir: DEV ? null : BUILD_DIR }, "web server listening");
});
app.use((req, res, next) => {
  if (remix) return next();
  res.status(503).set({ "Retry-After": "1", "Cache-Control": "no-store" }).type("text").send("starting\n");
});
if (DEV) {
  const { createServer } = await import("vite");
  vite = await createServer({ server: { middlewareMode: true, hmr: { server } }, appType: "custom" });
  app.use(vite.middlewares);
  build = () => vite!.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
} else {
  // Fingerprinted assets never change under the same name: cache them for a year.
  app.use("/assets", express.static(path.join(BUILD_DIR, "client", "assets"), { immutable: true, maxAge: "1y", index: false }));
  app.use(express.static(path.join(BUILD_DIR, "client"), { maxAge: "1h", index: false }));
  linkNodeModules(BUILD_DIR);
  build = (await import(pathToFileURL(path.join(BUILD_DIR, "server", "index.js")).href)) as ServerBuild;
}

// 7. Everything else is Remix.
remix = createRequestHandler({
    build,
    mode: DEV ? "development" : "production",
    getLoadContext: (req, res) => ({
      cspNonce: res.locals.cspNonce as string,
      clientIp: req.ip ?? "",
      requestId: res.locals.requestId as string,
    }),
  });
app.all("*", (req, res, next) => remix!(req, res, next));
logger.info({ ms: Date.now() - STARTED_AT }, "web server ready");

// Uploads of large bid files must not be cut by Node's default 5-minute request timeout; slow-header
// attacks are still bounded by headersTimeout. Keep-alive outlives a typical load balancer's idle timeout.
server.requestTimeout = 60 * 60_000;
server.headersTimeout = 60_000;
server.keepAliveTimeout = 65_000;

/**
 * The server build imports its dependencies (react, prisma, …) by bare name, which Node resolves by walking
 * up from the build's own directory. A build outside the project (REMIX_BUILD_DIR=/tmp/build-x, used for
 * parallel test builds) would find no node_modules: give it a link to ours.
 */
function linkNodeModules(buildDir: string) {
  const own = path.resolve("node_modules");
  for (let dir = buildDir; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "node_modules"))) return;
    if (path.dirname(dir) === dir) break;
  }
  fs.symlinkSync(own, path.join(buildDir, "node_modules"), "dir");
}

async function closeResources() {
  const g = globalThis as unknown as { __db?: { $disconnect(): Promise<void> }; __redis?: { quit(): Promise<unknown> } };
  await Promise.allSettled([g.__db?.$disconnect(), g.__redis?.quit(), vite?.close()]);
}

function shutdown(signal: string) {
  if (shuttingDown) {
    logger.warn({ signal }, "second signal: exiting now");
    process.exit(1);
  }
  shuttingDown = true;
  // /healthz answers 503 from now on, so a load balancer stops sending new requests.
  (globalThis as { __shuttingDown?: boolean }).__shuttingDown = true;
  logger.info({ signal }, "shutting down: draining requests");
  server.close(async () => {
    await closeResources();
    logger.info("shutdown complete");
    process.exit(0);
  });
  server.closeIdleConnections();
  // Long-lived responses (SSE of the opening hall) never finish by themselves: cut them after the grace.
  setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
  setTimeout(() => {
    logger.error("shutdown timed out");
    process.exit(1);
  }, SHUTDOWN_GRACE_MS + 5_000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
watchSupervisor(() => shutdown("supervisor gone"));
