import { describe, expect, it } from "vitest";
import { getFixedT, NAMESPACES, pageTitle, resources } from "~/lib/i18n";
import { SUPPORTED_LOCALES } from "~/lib/locale";

/** Every user-visible string exists in both languages: a key present in one file but not the other fails. */
function keys(obj: unknown, prefix = ""): string[] {
  // Plural suffixes differ by language (Chinese has one form, English _one/_other): compare the base key.
  if (obj === null || typeof obj !== "object") return [prefix.replace(/_(zero|one|two|few|many|other)$/, "")];
  const all = Object.entries(obj as Record<string, unknown>).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
  return [...new Set(all)];
}

describe("locale resources", () => {
  it("are found for every language, with the common namespace", () => {
    for (const lng of SUPPORTED_LOCALES) expect(Object.keys(resources[lng] ?? {})).toContain("common");
    expect(NAMESPACES).toContain("common");
  });

  for (const ns of NAMESPACES) {
    it(`namespace "${ns}" has the same keys in zh-CN and en`, () => {
      const zh = keys(resources["zh-CN"]?.[ns]).sort();
      const en = keys(resources.en?.[ns]).sort();
      expect({ ns, missingInEn: zh.filter((k) => !en.includes(k)) }).toEqual({ ns, missingInEn: [] });
      expect({ ns, missingInZh: en.filter((k) => !zh.includes(k)) }).toEqual({ ns, missingInZh: [] });
    });
  }

  it("has the generic error keys routes rely on", () => {
    for (const lng of SUPPORTED_LOCALES) {
      const t = getFixedT(lng);
      for (const k of ["authRequired", "forbidden", "notFound", "csrf", "invalidForm", "rateLimited", "internal"]) {
        const text = t(`common:errors.${k}`);
        expect(text, `${lng} errors.${k}`).not.toBe(`errors.${k}`);
        expect(text.length).toBeGreaterThan(3);
      }
    }
  });

  it("translates per language without cross-talk between instances", () => {
    expect(getFixedT("zh-CN")("clock.label")).toBe("服务器时间");
    expect(getFixedT("en")("clock.label")).toBe("Server time");
    expect(getFixedT("zh-CN", "home")("meta.title")).toBe("首页");
  });

  it("pageTitle reads the locale from the root match", () => {
    const matches = [{ id: "root", data: { locale: "en" } }];
    expect(pageTitle(matches, "home:meta.title")).toEqual([{ title: "Home · Public Resource Trading Portal" }]);
    expect(pageTitle([{ id: "root", data: { locale: "bogus" } }], "")).toEqual([{ title: "公共资源交易平台" }]);
  });
});
