import i18next, { type i18n as I18n, type Resource, type TFunction } from "i18next";
import { initReactI18next } from "react-i18next";
import { DEFAULT_LOCALE, isLocale, SUPPORTED_LOCALES, type Locale } from "./locale";

/**
 * Translations for server and browser alike. Every `app/locales/<lng>/<ns>.json` is bundled eagerly, so
 * a namespace added by any area is picked up without touching this file, and the browser holds exactly
 * the strings the server rendered with: SSR and hydration cannot disagree, and no request waits on a
 * translation download. (The whole set is a few tens of KB; split it per route only if it grows large.)
 */
const files = import.meta.glob<Record<string, unknown>>("../locales/*/*.json", { eager: true, import: "default" });

function buildResources(): Resource {
  const out: Resource = {};
  for (const [path, content] of Object.entries(files)) {
    const m = /locales\/([^/]+)\/([^/]+)\.json$/.exec(path);
    if (!m || !isLocale(m[1])) continue;
    (out[m[1]] ??= {})[m[2]] = content;
  }
  return out;
}

export const resources = buildResources();
export const NAMESPACES = [...new Set(Object.values(resources).flatMap((r) => Object.keys(r)))].sort();
export const DEFAULT_NS = "common";

const instances = new Map<Locale, I18n>();

/**
 * One initialised instance per language, shared by all requests: its language never changes, so
 * concurrent requests in different languages cannot leak into each other. Init is synchronous
 * (initAsync: false) because every resource is already in memory.
 */
export function getI18n(locale: Locale): I18n {
  const lng = isLocale(locale) ? locale : DEFAULT_LOCALE;
  let inst = instances.get(lng);
  if (!inst) {
    inst = i18next.createInstance();
    void inst.use(initReactI18next).init({
      lng,
      supportedLngs: [...SUPPORTED_LOCALES],
      // A string missing in English shows the Chinese one rather than a raw key.
      fallbackLng: DEFAULT_LOCALE,
      resources,
      ns: NAMESPACES,
      defaultNS: DEFAULT_NS,
      initAsync: false,
      // React escapes; the server only places messages into JSON or React, never raw HTML.
      interpolation: { escapeValue: false },
      react: { useSuspense: false },
      returnNull: false,
      showSupportNotice: false,
    });
    instances.set(lng, inst);
  }
  return inst;
}

/** `t` bound to a language (and optionally a namespace): for loaders, actions, meta and tests. */
export function getFixedT(locale: Locale, ns: string | string[] = DEFAULT_NS): TFunction {
  return getI18n(locale).getFixedT(locale, ns);
}

/**
 * Page title for a route's `meta` export, in the language the root loader chose:
 * `export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "tenders:list.title")`.
 */
export function pageTitle(
  matches: ReadonlyArray<{ id: string; data?: unknown } | undefined>,
  key: string,
  params: Record<string, unknown> = {},
) {
  const root = matches.find((m) => m?.id === "root")?.data as { locale?: string; centreName?: string } | undefined;
  const locale = isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE;
  const t = getFixedT(locale);
  const site = t("common:site.name");
  const title = key ? `${t(key, params)} · ${site}` : site;
  return [{ title }];
}
