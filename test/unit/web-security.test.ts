import { describe, expect, it } from "vitest";
import { routeLabel } from "~/lib/metrics.server";
import { estimateOffset, msToNextSecond, offsetFromRender } from "~/lib/server-clock";
import { buildCsp, isCrossSiteWrite, parseTrustProxy } from "~/lib/web-security.server";

describe("isCrossSiteWrite (first CSRF layer)", () => {
  const base = { method: "POST", path: "/set-locale", hosts: ["portal.example.cn"], publicUrl: "https://portal.example.cn" };
  it("lets safe methods and /api through", () => {
    expect(isCrossSiteWrite({ ...base, method: "GET", secFetchSite: "cross-site" })).toBe(false);
    expect(isCrossSiteWrite({ ...base, path: "/api/v1/bids", secFetchSite: "cross-site" })).toBe(false);
  });
  it("trusts Sec-Fetch-Site when present", () => {
    expect(isCrossSiteWrite({ ...base, secFetchSite: "same-origin" })).toBe(false);
    expect(isCrossSiteWrite({ ...base, secFetchSite: "none" })).toBe(false);
    expect(isCrossSiteWrite({ ...base, secFetchSite: "cross-site", origin: "https://portal.example.cn" })).toBe(true);
    expect(isCrossSiteWrite({ ...base, secFetchSite: "same-site" })).toBe(true); // a sibling subdomain is not us
  });
  it("falls back to Origin vs Host / PUBLIC_URL", () => {
    expect(isCrossSiteWrite({ ...base, origin: "https://evil.example" })).toBe(true);
    expect(isCrossSiteWrite({ ...base, origin: "null" })).toBe(true);
    expect(isCrossSiteWrite({ ...base, origin: "https://portal.example.cn" })).toBe(false);
    expect(isCrossSiteWrite({ ...base, hosts: ["127.0.0.1:3000"], origin: "http://127.0.0.1:3000" })).toBe(false);
    expect(isCrossSiteWrite({ ...base, origin: "::not a url" })).toBe(true);
  });
  it("leaves header-less clients to the token check", () => {
    expect(isCrossSiteWrite({ ...base })).toBe(false);
  });
});

describe("buildCsp", () => {
  it("allows inline scripts only with the nonce in production", () => {
    const csp = buildCsp({ nonce: "abc" });
    expect(csp).toContain("script-src 'self' 'nonce-abc'");
    const scriptSrc = csp.split("; ").find((d) => d.startsWith("script-src "));
    expect(scriptSrc).toBe("script-src 'self' 'nonce-abc'"); // no unsafe-inline, no unsafe-eval
    expect(buildCsp({ nonce: "abc", dev: true })).toContain("'unsafe-inline'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(buildCsp({ nonce: "abc", https: true })).toContain("upgrade-insecure-requests");
  });
});

describe("parseTrustProxy", () => {
  it("understands booleans, hop counts and address lists", () => {
    expect(parseTrustProxy("true")).toBe(true);
    expect(parseTrustProxy("false")).toBe(false);
    expect(parseTrustProxy("2")).toBe(2);
    expect(parseTrustProxy("loopback, 10.0.0.0/8")).toBe("loopback, 10.0.0.0/8");
  });
});

describe("routeLabel (bounded metric labels)", () => {
  it("collapses ids, assets and unmatched paths", () => {
    expect(routeLabel("/tenders/123", 200)).toBe("/tenders/:id");
    expect(routeLabel("/bids/0b6f1c9e-4b1a-4d8e-9a51-0f6f3c2a8e11/receipt", 200)).toBe("/bids/:id/receipt");
    expect(routeLabel("/tenders/cm3x9k2ab0000qwertyuiop12", 200)).toBe("/tenders/:id");
    expect(routeLabel("/assets/app-Cq7XGR2M.css", 200)).toBe("/assets/*");
    expect(routeLabel("/wp-admin/setup.php", 404)).toBe("(unmatched)");
    expect(routeLabel("/staff.data", 200)).toBe("/staff");
    expect(routeLabel("/", 200)).toBe("/");
  });
  // Issue 13: the metrics would otherwise count one lot's finalisations live.
  it("never labels a bidding path by route: no live per-lot or per-route count of bid finalisations", () => {
    expect(routeLabel("/bidder/lots/0b6f1c9e-4b1a-4d8e-9a51-0f6f3c2a8e11/bid", 200)).toBe("/bidder/*");
    expect(routeLabel("/bidder/lots/0b6f1c9e-4b1a-4d8e-9a51-0f6f3c2a8e11/bid.data", 200)).toBe("/bidder/*");
    expect(routeLabel("/bidder", 200)).toBe("/bidder/*");
    expect(routeLabel("/api/v1/bids/0b6f1c9e-4b1a-4d8e-9a51-0f6f3c2a8e11", 200)).toBe("/api/v1/bids/*");
    expect(routeLabel("/api/v1/uploads/abc", 204)).toBe("/api/v1/uploads/*");
    expect(routeLabel("/hall/0b6f1c9e-4b1a-4d8e-9a51-0f6f3c2a8e11/stream", 200)).toBe("/hall/*");
    expect(routeLabel("/bidders-guide", 200)).toBe("/bidders-guide");
  });
});

describe("server clock arithmetic", () => {
  it("takes the sample with the shortest round trip, centred on it", () => {
    const est = estimateOffset([
      { sentAt: 1000, receivedAt: 1400, serverMs: 50_000 }, // rtt 400
      { sentAt: 2000, receivedAt: 2040, serverMs: 51_030 }, // rtt 40 → offset 51030 - 2020 = 49010
      { sentAt: 3000, receivedAt: 3100, serverMs: 52_000 },
    ]);
    expect(est).toEqual({ offset: 49_010, rtt: 40 });
  });
  it("ignores impossible or useless samples", () => {
    expect(estimateOffset([])).toBeNull();
    expect(estimateOffset([{ sentAt: 10, receivedAt: 5, serverMs: 1 }])).toBeNull();
    expect(estimateOffset([{ sentAt: 0, receivedAt: 20_000, serverMs: 1 }])).toBeNull();
  });
  it("anchors the rendered time at the response start", () => {
    expect(offsetFromRender(1_000_000, 250, 900)).toBe(999_750);
    expect(offsetFromRender(1_000_000, undefined, 900)).toBe(999_100);
  });
  it("schedules the next tick on the whole second", () => {
    expect(msToNextSecond(1_000_250)).toBe(750);
    expect(msToNextSecond(1_000_000)).toBe(1000);
  });
});
