import en from "~/locales/en/documents.json";
import zh from "~/locales/zh-CN/documents.json";

/**
 * Strings of generated documents, from the `documents` locale namespace (the same files the UI uses).
 * PDFs are rendered outside any request, so they read the resources directly instead of through i18next.
 */
const RESOURCES = { "zh-CN": zh, en } as const;
export type DocLang = keyof typeof RESOURCES;

export function docText(lang: DocLang, key: string, params: Record<string, string | number> = {}): string {
  let v: unknown = RESOURCES[lang];
  for (const part of key.split(".")) v = (v as Record<string, unknown> | undefined)?.[part];
  if (typeof v !== "string") throw new Error(`Missing documents text "${key}" (${lang})`);
  return v.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(params[k] ?? ""));
}

/** Chinese first, English second: the bilingual form used for labels on certificates. */
export const zhEn = (key: string, params?: Record<string, string | number>) => ({
  zh: docText("zh-CN", key, params),
  en: docText("en", key, params),
});
