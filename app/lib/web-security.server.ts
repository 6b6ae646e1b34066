/**
 * HTTP security policy of the web server, as pure functions (server.ts applies them; unit tests pin them).
 */

/**
 * Content-Security-Policy. Production: scripts only from our origin or inline with this request's
 * nonce (Remix's hydration scripts carry it, see entry.server/root), no plugins, no framing, forms post
 * only to us. Style attributes stay allowed (progress bars, charts set widths inline); style elements do
 * not. Development relaxes scripts/styles/websockets for Vite's HMR client.
 */
export function buildCsp({ nonce, dev = false, https = false }: { nonce: string; dev?: boolean; https?: boolean }): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": dev ? ["'self'", "'unsafe-inline'", "'unsafe-eval'"] : ["'self'", `'nonce-${nonce}'`],
    "style-src": dev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": dev ? ["'self'", "ws:", "wss:"] : ["'self'"],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "frame-src": ["'none'"],
    "manifest-src": ["'self'"],
  };
  const parts = Object.entries(directives).map(([k, v]) => `${k} ${v.join(" ")}`);
  if (https) parts.push("upgrade-insecure-requests");
  return parts.join("; ");
}

/** Headers for every response (pages, assets, APIs). */
export function baseSecurityHeaders({ https = false }: { https?: boolean } = {}): Record<string, string> {
  const h: Record<string, string> = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-DNS-Prefetch-Control": "off",
    "Origin-Agent-Cluster": "?1",
  };
  if (https) h["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  return h;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);

export interface WriteRequestFacts {
  method: string;
  path: string;
  /** Sec-Fetch-Site header (modern browsers always send it) */
  secFetchSite?: string | null;
  origin?: string | null;
  /** Host header (and X-Forwarded-Host when the proxy is trusted) */
  hosts: Array<string | null | undefined>;
  /** The configured public origin, e.g. https://ggzy.example.gov.cn */
  publicUrl?: string;
}

/**
 * First CSRF layer: refuse state-changing requests a browser made on behalf of another site. Browsers
 * say so in Sec-Fetch-Site; older ones send Origin, which must name our host. Requests with neither
 * (curl, old clients) pass here and meet the token check of the form. /api/* is exempt: API clients
 * are not browsers holding our session cookie, and the API authenticates on its own.
 */
export function isCrossSiteWrite(f: WriteRequestFacts): boolean {
  if (SAFE_METHODS.has(f.method.toUpperCase())) return false;
  if (f.path === "/api" || f.path.startsWith("/api/")) return false;
  const site = f.secFetchSite?.toLowerCase();
  if (site) return site !== "same-origin" && site !== "none";
  if (!f.origin) return false;
  if (f.origin === "null") return true; // sandboxed frames, file: pages, cross-origin redirects
  let originUrl: URL;
  try {
    originUrl = new URL(f.origin);
  } catch {
    return true;
  }
  if (f.publicUrl) {
    try {
      if (new URL(f.publicUrl).origin === originUrl.origin) return false;
    } catch {
      /* a bad PUBLIC_URL is rejected at boot; ignore here */
    }
  }
  const hosts = f.hosts.filter((h): h is string => !!h).map((h) => h.toLowerCase());
  return !hosts.includes(originUrl.host.toLowerCase());
}

/** TRUST_PROXY env value → Express "trust proxy" setting. */
export function parseTrustProxy(v: string): boolean | number | string {
  const s = v.trim();
  if (s === "true") return true;
  if (s === "false" || s === "") return false;
  if (/^\d+$/.test(s)) return Number(s);
  return s;
}
