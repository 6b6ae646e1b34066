import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LotSteps } from "~/components/tenders/status-badge";
import { statusesIn } from "~/domain/tenders/lot-phases";

/** The step each <li> is in, in road order ("done" / "current" / "todo"). */
const states = (status: string, suspendedFrom?: string) =>
  [...renderToStaticMarkup(createElement(LotSteps, { status, suspendedFrom })).matchAll(/lot-steps__item--(\w+)/g)].map((m) => m[1]);

describe("the staff step bar walks the phase table's road", () => {
  it("marks every step of the road up to the lot's own, the last one included", () => {
    const road = statusesIn("road");
    for (const [i, s] of road.entries()) {
      expect(states(s)).toEqual(road.map((_, j) => (j < i ? "done" : j === i ? "current" : "todo")));
    }
  });

  it("a 政府采购 lot's bar has no 公示 step: it goes from 评标结束 to 定标 (实施条例 art. 43)", () => {
    const html = renderToStaticMarkup(createElement(LotSteps, { status: "AWARDED", profile: "GOVERNMENT_PROCUREMENT" }));
    const road = statusesIn("road");
    expect([...html.matchAll(/lot-steps__item--/g)]).toHaveLength(road.length - 1);
    expect(html).not.toContain("steps.CANDIDATES_PUBLICITY");
    expect([...html.matchAll(/lot-steps__item--(\w+)/g)].map((m) => m[1]).filter((x) => x === "done")).toHaveLength(road.indexOf("AWARDED") - 1);
  });

  it("a suspended lot stands where it was suspended", () => {
    const road = statusesIn("road");
    expect(states("SUSPENDED", "OPENING").indexOf("current")).toBe(road.indexOf("OPENING"));
  });
});
