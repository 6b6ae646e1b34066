import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { SaxesParser } from "saxes";
import { describe, expect, it } from "vitest";
import { renderAtom, xmlText } from "~/lib/atom";
import { buildOpenApiDocument } from "~/lib/openapi";
import { announcementFilterFrom, tenderFilterFrom, withPage } from "~/domain/tenders/portal-query";
import "~/openapi/tenders";

const wellFormed = (xml: string) => new SaxesParser({ xmlns: true }).write(xml).close();

describe("xmlText / renderAtom", () => {
  it("escapes markup and drops characters XML 1.0 forbids", () => {
    expect(xmlText(`<a href="x">&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
    expect(xmlText("a\u0000b\u0008c\u001Fd\tе\n\r")).toBe("abcd\tе\n\r");
    expect(xmlText("x\uD800y")).toBe("xy"); // lone surrogate
    expect(xmlText("😀")).toBe("😀"); // a valid pair stays
  });

  it("renders a well-formed feed whatever the titles contain", () => {
    const nasty = `</title><script>alert(1)</script>]]>\u0001&amp;`;
    const xml = renderAtom({
      id: "https://x.test/feed.atom",
      title: nasty,
      updated: new Date(0),
      author: { name: nasty },
      links: [{ rel: "self", href: `https://x.test/feed.atom?a=1&b="2"` }],
      entries: [{ id: "urn:uuid:1", title: nasty, updated: new Date(0), content: nasty, links: [], categories: [{ term: "TENDER", label: nasty }] }],
    });
    expect(() => wellFormed(xml)).not.toThrow();
    expect(xml).not.toContain("<script>");
    // and the checker itself refuses broken XML
    expect(() => wellFormed(`<feed><title>a & b</title></feed>`)).toThrow();
  });
});

describe("portal query strings", () => {
  it("turns Shanghai calendar days into instants, `to` inclusive", () => {
    const f = tenderFilterFrom(new URLSearchParams("q=%20市政道路%20&from=2026-11-01&to=2026-11-30&type=CONSTRUCTION"));
    expect(f).toMatchObject({ q: "市政道路", type: "CONSTRUCTION", page: 1, pageSize: 20 });
    expect((f.from as Date).toISOString()).toBe("2026-10-31T16:00:00.000Z");
    expect((f.to as Date).toISOString()).toBe("2026-11-30T16:00:00.000Z");
  });

  it("refuses a malformed date by naming the field", () => {
    expect(() => tenderFilterFrom(new URLSearchParams("to=2026-02-30"))).toThrow(expect.objectContaining({ field: "to", status: 422 }));
    expect(() => announcementFilterFrom(new URLSearchParams("from=tomorrow"))).toThrow(expect.objectContaining({ field: "from" }));
  });

  it("keeps the other parameters when paging and drops empty ones", () => {
    expect(withPage({ q: "道路", type: undefined, page: "3" }, 4)).toBe("?q=%E9%81%93%E8%B7%AF&page=4");
    expect(withPage({ q: "道路", page: "3" }, 1)).toBe("?q=%E9%81%93%E8%B7%AF");
  });
});

describe("OpenAPI", () => {
  it("documents the public tender API and the feed", () => {
    const doc = buildOpenApiDocument();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/v1/tenders", "/api/v1/tenders/{id}", "/api/v1/tenders/{id}/ocds", "/feed.atom"]));
    expect(doc.components.schemas).toHaveProperty("TenderDetail");
    expect(JSON.stringify(doc.components.schemas.TenderDetail)).not.toMatch(/registr/i);
  });
});

describe("inert user text on the portal pages", () => {
  it("no portal page or component injects raw HTML (titles and bodies are React text nodes)", () => {
    const root = path.resolve(__dirname, "../../app");
    const files = [
      ...["tenders._index.tsx", "tenders.$lotId.tsx", "announcements._index.tsx"].map((f) => path.join(root, "routes", f)),
      ...readdirSync(path.join(root, "components/portal")).map((f) => path.join(root, "components/portal", f)),
    ];
    for (const f of files) expect(readFileSync(f, "utf8"), f).not.toMatch(/dangerouslySetInnerHTML|innerHTML/);
  });
});
