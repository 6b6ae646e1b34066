import { PassThrough, Writable } from "node:stream";
import { createElement } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { createNulStripper } from "~/lib/strip-nul.server";

/** A long Chinese page: enough multi-byte text that React's 2 KB chunks end inside characters. */
function LongChinesePage() {
  const rows = Array.from({ length: 400 }, (_, i) =>
    createElement("li", { key: i }, `第${i}号 某市政道路改造工程施工招标公告（标段${i % 7}）——投标截止时间：北京时间`),
  );
  return createElement("html", { lang: "zh-CN" }, createElement("body", null, createElement("ul", null, rows)));
}

function render(clean: boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(c: Buffer, _e, cb) {
        chunks.push(c);
        cb();
      },
    });
    sink.on("finish", () => resolve(Buffer.concat(chunks)));
    const { pipe } = renderToPipeableStream(createElement(LongChinesePage), {
      onAllReady() {
        const body = new PassThrough();
        if (clean) body.pipe(createNulStripper()).pipe(sink);
        else body.pipe(sink);
        pipe(body);
      },
      onShellError: reject,
    });
  });
}

describe("HTML stream without NUL bytes (React 18.3 chunk padding)", () => {
  test("React alone pads chunks with 0x00 on a long Chinese page (the bug this guards against)", async () => {
    const raw = await render(false);
    expect(raw.includes(0)).toBe(true);
  });

  test("through the stripper: no 0x00, and the text is exactly what React meant", async () => {
    const [raw, clean] = await Promise.all([render(false), render(true)]);
    expect(clean.includes(0)).toBe(false);
    expect(clean.toString("utf8")).toBe(raw.toString("utf8").replaceAll("\u0000", ""));
    expect(clean.toString("utf8")).toContain("第399号 某市政道路改造工程施工招标公告（标段0）");
    expect(clean.toString("utf8")).not.toContain("\uFFFD");
  });
});
