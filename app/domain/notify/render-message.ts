import type { Locale } from "~/lib/locale";
import { renderParams } from "./params";

/**
 * Turns a stored notification (template key + parameters) into the texts of every channel, in one
 * language. Pure: the caller supplies `t` — the web i18n instance for the in-app page, the worker's
 * disk-loaded one for email/SMS (app/domain/notify/templates.ts) — so both render the same strings.
 *
 * A template "<ns>:<key>" names an object in app/locales/<lang>/<ns>.json:
 *   { "title": "…{{lot}}…", "body": "…", "sms": "… (optional, short)" }
 * `title` is the in-app heading and the email subject; `body` the in-app text and the email body
 * (blank lines separate paragraphs); `sms` the SMS/voice text (default: the title).
 */
export type Translate = (key: string, opts?: Record<string, unknown>) => string;

export interface RenderedMessage {
  title: string;
  body: string;
  /** SMS text, with the centre's signature 【…】 in front (required for Chinese SMS). */
  sms: string;
  /** Voice-call text: what a text-to-speech call reads out. */
  voice: string;
  email: { subject: string; text: string; html: string };
}

export const TEMPLATE_PATTERN = /^[a-z][a-zA-Z0-9-]*:[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/;

export interface RenderContext {
  locale: Locale;
  centreName: string;
  /** Public origin for absolute links in emails (PUBLIC_URL). */
  publicUrl: string;
}

export function renderMessage(
  t: Translate,
  ctx: RenderContext,
  msg: { template: string; params: unknown; link?: string | null },
): RenderedMessage {
  if (!TEMPLATE_PATTERN.test(msg.template)) throw new Error(`notify: bad template key "${msg.template}"`);
  const params = { ...renderParams(msg.params, ctx.locale), centre: ctx.centreName };
  const missing = `\u0000missing`;
  const get = (suffix: string) => {
    const v = t(`${msg.template}.${suffix}`, { ...params, defaultValue: missing });
    return v === missing ? null : v;
  };
  const title = get("title");
  if (title === null) throw new Error(`notify: template "${msg.template}" has no title (${ctx.locale})`);
  const body = get("body") ?? "";
  const smsText = get("sms") ?? title;

  const url = msg.link ? new URL(msg.link, ctx.publicUrl).toString() : null;
  const view = t("notify:email.view");
  const footer = t("notify:email.footer", { centre: ctx.centreName });
  const text = [body || title, url ? `${view}: ${url}` : null, `--\n${footer}`].filter(Boolean).join("\n\n");

  return {
    title,
    body,
    sms: `【${ctx.centreName}】${smsText}`,
    voice: `${ctx.centreName}${ctx.locale === "en" ? ": " : "："}${smsText}`,
    email: { subject: title, text, html: emailHtml({ lang: ctx.locale, title, body, url, view, footer, centre: ctx.centreName }) },
  };
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** Blank-line-separated paragraphs; single newlines become <br>. Everything is escaped: params are inert. */
function paragraphs(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p style="margin:0 0 12px;line-height:1.7">${escapeHtml(p).replace(/\n/g, "<br>")}</p>`)
    .join("\n");
}

/** A deliberately plain HTML email: inline styles only (mail clients drop <style>), no images, no scripts. */
function emailHtml(a: { lang: string; title: string; body: string; url: string | null; view: string; footer: string; centre: string }): string {
  const font = `"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",Arial,sans-serif`;
  return `<!doctype html>
<html lang="${escapeHtml(a.lang)}"><head><meta charset="utf-8"><title>${escapeHtml(a.title)}</title></head>
<body style="margin:0;padding:24px;background:#f4f6f9;color:#1b2430;font-family:${font};font-size:15px">
<div style="max-width:600px;margin:0 auto;background:#ffffff;border-top:4px solid #0b4f9c;padding:24px">
<p style="margin:0 0 8px;color:#4a5566;font-size:13px">${escapeHtml(a.centre)}</p>
<h1 style="margin:0 0 16px;font-size:20px;color:#072f5f">${escapeHtml(a.title)}</h1>
${paragraphs(a.body)}
${a.url ? `<p style="margin:16px 0"><a href="${escapeHtml(a.url)}" style="color:#0b4f9c">${escapeHtml(a.view)}</a></p>` : ""}
<hr style="border:0;border-top:1px solid #dfe5ec;margin:24px 0 12px">
<p style="margin:0;color:#5c6778;font-size:12px">${escapeHtml(a.footer)}</p>
</div></body></html>
`;
}
