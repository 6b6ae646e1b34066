import { Form, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LOCALE_NAMES, SUPPORTED_LOCALES, type Locale } from "~/lib/locale";
import { CsrfInput } from "./csrf-input";

/**
 * Two submit buttons in a plain POST form to /set-locale: works without JavaScript, one tab stop per
 * language, and each language is labelled in itself (a reader who does not know the current language
 * can still find their own).
 */
export function LanguageSwitch({ current }: { current: Locale }) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <Form method="post" action="/set-locale" className="lang-switch" aria-label={t("header.language")}>
      <CsrfInput />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <LanguageButtons current={current} className={() => "lang-switch__btn"} />
    </Form>
  );
}

/** One submit button per language (name "lng"), each named in its own language; the header's switch and /set-locale. */
export function LanguageButtons({ current, className }: { current: string; className: (lng: Locale) => string }) {
  const { t } = useTranslation();
  return SUPPORTED_LOCALES.map((lng) => (
    <button
      key={lng}
      type="submit"
      name="lng"
      value={lng}
      lang={lng}
      className={className(lng)}
      aria-pressed={lng === current}
      title={lng === current ? t("header.currentLanguage") : t("header.switchTo", { language: LOCALE_NAMES[lng] })}
    >
      {LOCALE_NAMES[lng]}
    </button>
  ));
}
