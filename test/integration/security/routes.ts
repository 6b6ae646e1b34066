import { createRequire } from "node:module";
import path from "node:path";
import type { AppLoadContext } from "@remix-run/node";
import { CSRF_HEADER } from "~/web/bids/api-auth.server";

/**
 * The route tree as Remix builds it (app/routes.ts evaluated with the app directory set, as the Vite plugin
 * does), flattened to one entry per route module with its full URL pattern, and a way to call a module's
 * loader or action in-process with a real Request, the way Remix's handler does — no server, no browser.
 */
export interface RouteEntry {
  id: string; // "routes/staff.lots.$lotId._index"
  key: string; // "staff.lots.$lotId._index": the row key in route-matrix.ts
  file: string;
  pattern: string; // "/staff/lots/:lotId"
  loader: boolean;
  action: boolean;
  module: RouteModule;
}

interface RouteModule {
  loader?: (args: { request: Request; params: Record<string, string>; context: AppLoadContext }) => unknown;
  action?: (args: { request: Request; params: Record<string, string>; context: AppLoadContext }) => unknown;
}

interface ConfigEntry {
  id?: string;
  file: string;
  path?: string;
  index?: boolean;
  children?: ConfigEntry[];
}

export async function loadRouteTree(): Promise<RouteEntry[]> {
  const require = createRequire(import.meta.url);
  const appDir = path.resolve("app");
  (require("@remix-run/dev/dist/config/routes.js") as { setRouteConfigAppDirectory(d: string): void }).setRouteConfigAppDirectory(appDir);
  const config = (await (await import("~/routes")).default) as ConfigEntry[];
  const out: RouteEntry[] = [];
  const walk = async (entries: ConfigEntry[], prefix: string) => {
    for (const e of entries) {
      const pattern = [prefix, e.path ?? ""].filter(Boolean).join("/");
      const module = (await import(/* @vite-ignore */ path.join(appDir, e.file))) as RouteModule;
      const id = e.id ?? e.file.replace(/\.[jt]sx?$/, "");
      out.push({
        id,
        key: id.replace(/^routes\//, ""),
        file: e.file,
        pattern: "/" + pattern,
        loader: typeof module.loader === "function",
        action: typeof module.action === "function",
        module,
      });
      if (e.children) await walk(e.children, pattern);
    }
  };
  // The root route (app/root.tsx) wraps every page; its loader runs on every document request.
  const root = (await import("~/root")) as RouteModule;
  out.push({ id: "root", key: "root", file: "root.tsx", pattern: "/", loader: typeof root.loader === "function", action: typeof root.action === "function", module: root });
  await walk(config, "");
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

export function fillPattern(pattern: string, params: Record<string, string>): string {
  return pattern
    .replace(/:(\w+)\??/g, (_, name: string) => encodeURIComponent(params[name] ?? "00000000-0000-4000-8000-000000000000"))
    .replace(/\/\*$/, `/${params["*"] ?? "anything"}`);
}

export function paramsOf(pattern: string, given: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of pattern.matchAll(/:(\w+)/g)) out[m[1]!] = given[m[1]!] ?? "00000000-0000-4000-8000-000000000000";
  if (pattern.endsWith("/*")) out["*"] = given["*"] ?? "anything";
  return out;
}

export interface CallResult {
  status: number;
  /** What the caller could read: the loader's data (JSON) or the response's body (first 2 MB; streams for a moment). */
  body: string;
  location?: string | null;
  /** The thrown error when the route crashed (status 500). */
  error?: unknown;
}

const CONTEXT: AppLoadContext = { cspNonce: "", clientIp: "203.0.113.9", requestId: "security-test" };

/** Calls `route`'s loader (GET) or action (POST) as Remix would, turning any outcome into a status and a readable body. */
export async function callRoute(
  route: RouteEntry,
  method: "GET" | "POST",
  opts: { cookie?: string; csrf?: string; params?: Record<string, string>; search?: string; body?: BodyInit; contentType?: string; headers?: Record<string, string>; readBody?: boolean },
): Promise<CallResult> {
  const params = paramsOf(route.pattern, opts.params ?? {});
  const url = `http://localhost${fillPattern(route.pattern, params)}${opts.search ?? ""}`;
  const headers: Record<string, string> = { "x-forwarded-for": CONTEXT.clientIp, "user-agent": "vitest-security", ...(opts.headers ?? {}) };
  if (opts.cookie) headers.cookie = opts.cookie;
  let body: BodyInit | undefined;
  if (method === "POST") {
    if (opts.csrf) headers[CSRF_HEADER] = opts.csrf;
    if (opts.body !== undefined) {
      body = opts.body;
      headers["content-type"] = opts.contentType ?? "application/x-www-form-urlencoded";
    } else {
      body = new URLSearchParams(opts.csrf ? { csrf: opts.csrf } : {}).toString();
      headers["content-type"] = "application/x-www-form-urlencoded";
    }
  }
  const ctrl = new AbortController();
  const request = new Request(url, { method, headers, body, signal: ctrl.signal });
  const fn = method === "GET" ? route.module.loader : route.module.action;
  if (!fn) throw new Error(`${route.key} has no ${method === "GET" ? "loader" : "action"}`);
  let outcome: unknown;
  try {
    outcome = await fn({ request, params, context: CONTEXT });
  } catch (e) {
    outcome = e;
    if (!(e instanceof Response)) {
      ctrl.abort();
      return { status: 500, body: String((e as Error)?.stack ?? e), error: e };
    }
  }
  try {
    return await readOutcome(outcome, opts.readBody !== false);
  } finally {
    ctrl.abort(); // ends SSE streams the route opened
  }
}

async function readOutcome(outcome: unknown, readBody: boolean): Promise<CallResult> {
  if (outcome instanceof Response) {
    const location = outcome.headers.get("location");
    if (!readBody || !outcome.body) {
      await outcome.body?.cancel().catch(() => {});
      return { status: outcome.status, body: "", location };
    }
    return { status: outcome.status, body: await readSome(outcome), location };
  }
  // data(value, init) from withDomainErrors / handleForm
  const d = outcome as { type?: string; data?: unknown; init?: ResponseInit | null } | null;
  if (d && typeof d === "object" && d.type === "DataWithResponseInit") {
    return { status: d.init?.status ?? 200, body: readBody ? stringify(d.data) : "" };
  }
  return { status: 200, body: readBody ? stringify(outcome) : "" };
}

const stringify = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x)) ?? "";

/** The body as text (PDFs and spreadsheets are searched as bytes: markers are ASCII or UTF-8). A stream is read for 400 ms. */
async function readSome(res: Response): Promise<string> {
  const reader = res.body!.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const streaming = (res.headers.get("content-type") ?? "").includes("event-stream");
  const deadline = Date.now() + (streaming ? 400 : 10_000);
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0 || total > 2_000_000) break;
    const next = await Promise.race([reader.read(), new Promise<"timeout">((r) => setTimeout(() => r("timeout"), left))]);
    if (next === "timeout" || next.done) break;
    chunks.push(next.value);
    total += next.value.byteLength;
  }
  await reader.cancel().catch(() => {});
  return Buffer.concat(chunks).toString("utf8");
}
