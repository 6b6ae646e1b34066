import { describe, expect, it } from "vitest";
import { encodeParams, money, renderParams } from "~/domain/notify/params";
import { renderMessage } from "~/domain/notify/render-message";
import { notifyT, recipientLocale, templateExists } from "~/domain/notify/templates";

const ctx = (locale: "zh-CN" | "en") => ({ locale, centreName: "示范市公共资源交易中心", publicUrl: "https://ggzy.example.cn" });
const stored = encodeParams({ subject: "<script>alert(1)</script>市政道路", at: new Date("2026-12-03T01:30:00Z"), amount: money(123456) });

describe("notification parameters", () => {
  it("stores instants and money tagged, and formats them per reader (Asia/Shanghai)", () => {
    expect(stored.at).toEqual({ $instant: "2026-12-03T01:30:00.000Z" });
    expect(stored.amount).toEqual({ $fen: "123456" });
    expect(renderParams(stored, "zh-CN")).toMatchObject({ at: "2026年12月3日 09:30", amount: "¥1,234.56" });
    expect(renderParams(stored, "en")).toMatchObject({ at: "3 Dec 2026, 09:30" });
  });

  it("refuses what could not be rendered later", () => {
    expect(() => encodeParams({ "bad-name": "x" })).toThrow(/parameter name/);
    expect(() => encodeParams({ n: Number.NaN })).toThrow(/finite/);
    expect(() => encodeParams({ d: new Date("nope") })).toThrow(/invalid date/);
    expect(() => encodeParams({ o: { foo: 1 } as never })).toThrow(/must be/);
  });
});

describe("renderMessage", () => {
  it("renders every channel in Chinese: subject, text with link and footer, HTML, signed SMS, voice", () => {
    const m = renderMessage(notifyT("zh-CN"), ctx("zh-CN"), { template: "notify:events.test", params: stored, link: "/tenders/x" });
    expect(m.title).toBe("测试通知：<script>alert(1)</script>市政道路");
    expect(m.email.subject).toBe(m.title);
    expect(m.email.text).toContain("这是一条测试通知，发送时间 2026年12月3日 09:30。");
    expect(m.email.text).toContain("查看详情: https://ggzy.example.cn/tenders/x");
    expect(m.email.text).toContain("本邮件由示范市公共资源交易中心交易系统自动发送");
    expect(m.sms).toBe("【示范市公共资源交易中心】测试通知：<script>alert(1)</script>市政道路");
    expect(m.voice.startsWith("示范市公共资源交易中心：")).toBe(true);
  });

  it("escapes parameters in the HTML email (script in a title is inert)", () => {
    const m = renderMessage(notifyT("zh-CN"), ctx("zh-CN"), { template: "notify:events.test", params: stored, link: null });
    expect(m.email.html).not.toContain("<script>");
    expect(m.email.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;市政道路");
    expect(m.email.html).toContain('<html lang="zh-CN">');
    expect(m.email.html).not.toContain("<a href"); // no link given
  });

  it("renders English for an English reader, and falls back to the title when a template has no sms text", () => {
    const m = renderMessage(notifyT("en"), ctx("en"), { template: "notify:events.lotClosed", params: encodeParams({ lot: "Lot 1", at: new Date("2026-12-20T01:30:00Z") }) });
    expect(m.title).toBe("Bidding closed: Lot 1");
    expect(m.body).toBe("Bidding for Lot 1 closed at 20 Dec 2026, 09:30; no more bids are accepted.");
    expect(m.sms).toBe("【示范市公共资源交易中心】Bidding closed: Lot 1");
  });

  it("fails loudly on a missing or malformed template", () => {
    expect(() => renderMessage(notifyT("zh-CN"), ctx("zh-CN"), { template: "notify:events.nope", params: {} })).toThrow(/no title/);
    expect(() => renderMessage(notifyT("zh-CN"), ctx("zh-CN"), { template: "no namespace", params: {} })).toThrow(/bad template/);
    expect(templateExists("notify:events.bidReceived")).toBe(true);
    expect(templateExists("notify:events.nope")).toBe(false);
  });

  it("uses the recipient's saved language when we speak it, else Chinese", () => {
    expect(recipientLocale("en")).toBe("en");
    expect(recipientLocale("fr")).toBe("zh-CN");
    expect(recipientLocale(null)).toBe("zh-CN");
  });
});
