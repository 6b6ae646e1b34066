import { getEnv } from "./env.server";
import { pickLocale, type Locale } from "./locale";

/**
 * Which language a request is answered in. The `lng` cookie is set by POST /set-locale (works without
 * JavaScript); the user's saved preference and Accept-Language are the fallbacks (see pickLocale).
 */
export const LOCALE_COOKIE = "lng";
const ONE_YEAR_S = 365 * 24 * 60 * 60;

/** Reads one cookie without a cookie library: we only need a single, unsigned, non-secret value. */
export function readCookie(header: string | null | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return null;
    }
  }
  return null;
}

/** The request's locale; pass the signed-in user's preference when the caller already has the user. */
export function resolveLocale(request: Request, userLocale?: string | null): Locale {
  return pickLocale({
    cookie: readCookie(request.headers.get("cookie"), LOCALE_COOKIE),
    userLocale,
    acceptLanguage: request.headers.get("accept-language"),
  });
}

/** Set-Cookie value for the visitor's language choice. A preference, not a secret: SameSite=Lax suffices. */
export function serializeLocaleCookie(locale: Locale): string {
  const secure = getEnv().COOKIE_SECURE ? "; Secure" : "";
  return `${LOCALE_COOKIE}=${encodeURIComponent(locale)}; Path=/; Max-Age=${ONE_YEAR_S}; SameSite=Lax; HttpOnly${secure}`;
}
