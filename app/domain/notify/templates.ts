import i18next, { type i18n as I18n, type Resource } from "i18next";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_LOCALE, isLocale, SUPPORTED_LOCALES, type Locale } from "~/lib/locale";
import type { Translate } from "./render-message";

/**
 * i18n for text rendered outside a request (the delivery worker, and notify()'s template check). The web
 * app's ~/lib/i18n bundles the locale files with Vite's import.meta.glob, which the worker (plain Node +
 * tsx) does not have; here the same app/locales/<lang>/<ns>.json files are read from disk, so a template
 * added by any area is found without touching this file. Loaded once per process.
 */
function localesDir(): string | null {
  const candidates = [
    // Source tree (worker under tsx, vitest): app/domain/notify → app/locales.
    path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../locales"),
    // Bundled web server (build/server/index.js): run from the project directory.
    path.resolve(process.cwd(), "app/locales"),
  ];
  return candidates.find((d) => existsSync(path.join(d, DEFAULT_LOCALE))) ?? null;
}

function loadResources(): Resource {
  const dir = localesDir();
  const out: Resource = {};
  if (!dir) return out;
  for (const lng of readdirSync(dir)) {
    if (!isLocale(lng)) continue;
    for (const file of readdirSync(path.join(dir, lng))) {
      if (!file.endsWith(".json")) continue;
      (out[lng] ??= {})[file.slice(0, -5)] = JSON.parse(readFileSync(path.join(dir, lng, file), "utf8"));
    }
  }
  return out;
}

let instance: I18n | undefined;

function getInstance(): I18n {
  if (instance) return instance;
  const resources = loadResources();
  const inst = i18next.createInstance();
  void inst.init({
    lng: DEFAULT_LOCALE,
    supportedLngs: [...SUPPORTED_LOCALES],
    fallbackLng: DEFAULT_LOCALE,
    resources,
    ns: [...new Set(Object.values(resources).flatMap((r) => Object.keys(r)))],
    defaultNS: "notify",
    initAsync: false,
    // Plain text: HTML escaping is done by the email renderer, SMS and voice are not HTML.
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  });
  instance = inst;
  return inst;
}

/** `t` in one language, for renderMessage. */
export function notifyT(locale: Locale): Translate {
  const t = getInstance().getFixedT(locale);
  return (key, opts) => String(t(key, opts ?? {}));
}

/**
 * True when the template's title exists in Chinese (the fallback language). notify() refuses unknown
 * templates, so a typo fails in the caller's tests, not silently in the worker. When the locale files
 * cannot be found at all (an unusual deployment layout) the check is skipped rather than blocking writes.
 */
export function templateExists(template: string): boolean {
  const inst = getInstance();
  if (!inst.options.resources || Object.keys(inst.options.resources).length === 0) return true;
  return inst.exists(`${template}.title`, { lng: DEFAULT_LOCALE });
}

/** The recipient's language: their saved preference if we speak it, else Chinese. */
export function recipientLocale(locale: string | null | undefined): Locale {
  return isLocale(locale) ? locale : DEFAULT_LOCALE;
}
