import { describe, expect, it } from "vitest";
import { localeFromAcceptLanguage, matchLocale, pickLocale } from "~/lib/locale";
import { readCookie, resolveLocale, serializeLocaleCookie } from "~/lib/locale.server";

describe("matchLocale", () => {
  it("maps any Chinese tag to zh-CN and any English tag to en", () => {
    expect(matchLocale("zh")).toBe("zh-CN");
    expect(matchLocale("zh-Hans-CN")).toBe("zh-CN");
    expect(matchLocale("zh-TW")).toBe("zh-CN");
    expect(matchLocale("en-US")).toBe("en");
    expect(matchLocale("EN")).toBe("en");
  });
  it("returns null for other or malformed tags", () => {
    expect(matchLocale("fr-FR")).toBeNull();
    expect(matchLocale("<script>")).toBeNull();
    expect(matchLocale("")).toBeNull();
    expect(matchLocale(undefined)).toBeNull();
  });
});

describe("localeFromAcceptLanguage", () => {
  it("honours q-values and order", () => {
    expect(localeFromAcceptLanguage("fr-FR,fr;q=0.9,en-US;q=0.8,zh;q=0.7")).toBe("en");
    expect(localeFromAcceptLanguage("en;q=0.5,zh-CN;q=0.9")).toBe("zh-CN");
    expect(localeFromAcceptLanguage("en-GB,zh")).toBe("en");
  });
  it("skips q=0, wildcards and garbage", () => {
    expect(localeFromAcceptLanguage("en;q=0,zh;q=0.1")).toBe("zh-CN");
    expect(localeFromAcceptLanguage("*")).toBeNull();
    expect(localeFromAcceptLanguage("de, ja")).toBeNull();
    expect(localeFromAcceptLanguage(";;;,,,q=")).toBeNull();
  });
});

describe("pickLocale: cookie, then user preference, then Accept-Language, else zh-CN", () => {
  it("prefers the cookie", () => {
    expect(pickLocale({ cookie: "en", userLocale: "zh-CN", acceptLanguage: "zh" })).toBe("en");
  });
  it("then the user's saved preference", () => {
    expect(pickLocale({ cookie: null, userLocale: "en", acceptLanguage: "zh" })).toBe("en");
    expect(pickLocale({ userLocale: "en-US", acceptLanguage: "zh" })).toBe("en");
  });
  it("then Accept-Language", () => {
    expect(pickLocale({ acceptLanguage: "en-US,en;q=0.9" })).toBe("en");
  });
  it("defaults to Chinese", () => {
    expect(pickLocale({})).toBe("zh-CN");
    expect(pickLocale({ acceptLanguage: "de" })).toBe("zh-CN");
  });
  it("ignores unknown values at every step instead of failing", () => {
    expect(pickLocale({ cookie: "xx", userLocale: "klingon", acceptLanguage: "en" })).toBe("en");
    expect(pickLocale({ cookie: "fr", userLocale: null, acceptLanguage: null })).toBe("zh-CN");
    // the cookie must be an exact supported value: "en-US" in a cookie is a tampered value
    expect(pickLocale({ cookie: "en-US" })).toBe("zh-CN");
  });
});

describe("resolveLocale(request)", () => {
  const req = (headers: Record<string, string>) => new Request("http://localhost/", { headers });
  it("reads the lng cookie among others", () => {
    expect(resolveLocale(req({ cookie: "a=1; lng=en; b=2", "accept-language": "zh" }))).toBe("en");
  });
  it("uses the user preference passed in when there is no cookie", () => {
    expect(resolveLocale(req({ "accept-language": "zh" }), "en")).toBe("en");
  });
  it("falls back to Accept-Language, then zh-CN", () => {
    expect(resolveLocale(req({ "accept-language": "en-GB" }))).toBe("en");
    expect(resolveLocale(req({ cookie: "lng=%E0%A4%A" }))).toBe("zh-CN"); // malformed escape
  });
});

describe("cookies", () => {
  it("readCookie finds exact names only", () => {
    expect(readCookie("xlng=en; lng=zh-CN", "lng")).toBe("zh-CN");
    expect(readCookie("other=1", "lng")).toBeNull();
    expect(readCookie(null, "lng")).toBeNull();
  });
  it("serializeLocaleCookie sets a long-lived, same-site, path-wide cookie", () => {
    const c = serializeLocaleCookie("en");
    expect(c).toMatch(/^lng=en; Path=\/; Max-Age=\d+; SameSite=Lax; HttpOnly/);
  });
});
