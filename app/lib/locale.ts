/**
 * The languages the portal speaks and how a language tag is matched to one of them. Pure and shared:
 * the server resolves a request's locale with it, the browser and the tests use the same rules.
 */
export const SUPPORTED_LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
/** Chinese first: the portal serves a Chinese trading centre (SPEC §1). */
export const DEFAULT_LOCALE: Locale = "zh-CN";

/** Name of each language in itself, for the language switch (never translated). */
export const LOCALE_NAMES: Record<Locale, string> = { "zh-CN": "中文", en: "English" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/**
 * Maps a BCP 47 tag to a supported locale, or null. Any Chinese tag (zh, zh-Hans, zh-TW, …) reads the
 * simplified-Chinese resources, the only Chinese we have; any English tag reads English.
 */
export function matchLocale(tag: string | null | undefined): Locale | null {
  if (!tag) return null;
  const t = tag.trim().toLowerCase();
  if (!/^[a-z]{2,3}(-[a-z0-9]{1,8})*$/.test(t)) return null;
  const primary = t.split("-")[0];
  if (primary === "zh") return "zh-CN";
  if (primary === "en") return "en";
  return null;
}

/** Accept-Language → supported locale, honouring q-values (q=0 means "not this one"). */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(",")
    .slice(0, 20) // a header is not a place to make us do unbounded work
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((r) => r.weight > 0 && r.tag !== "*")
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const r of ranked) {
    const m = matchLocale(r.tag);
    if (m) return m;
  }
  return null;
}

export interface LocaleSources {
  /** Value of the `lng` cookie (the visitor's explicit choice). */
  cookie?: string | null;
  /** The signed-in user's saved preference. */
  userLocale?: string | null;
  acceptLanguage?: string | null;
}

/**
 * Explicit choice (cookie) beats the account preference beats the browser's languages; anything
 * unknown at one step is skipped, so a tampered cookie can never break a page — it just falls through.
 */
export function pickLocale({ cookie, userLocale, acceptLanguage }: LocaleSources): Locale {
  if (isLocale(cookie)) return cookie;
  const fromUser = isLocale(userLocale) ? userLocale : matchLocale(userLocale);
  if (fromUser) return fromUser;
  return localeFromAcceptLanguage(acceptLanguage) ?? DEFAULT_LOCALE;
}
