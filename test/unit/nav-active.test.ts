import { describe, expect, it } from "vitest";
import { activeNavItem, navFor } from "~/components/nav-items";

describe("activeNavItem", () => {
  const bidder = navFor("BIDDER");
  it("marks only the longest matching link", () => {
    expect(activeNavItem(bidder, "/bidder/complaints/2f1c0f7e-0000-4000-8000-000000000000")).toBe("/bidder/complaints");
    expect(activeNavItem(bidder, "/bidder/complaints")).toBe("/bidder/complaints");
    expect(activeNavItem(bidder, "/bidder/complaints/")).toBe("/bidder/complaints");
    expect(activeNavItem(bidder, "/bidder/lots/x")).toBe("/bidder");
    expect(activeNavItem(bidder, "/bidder")).toBe("/bidder");
  });
  it("matches whole path segments and honours end", () => {
    expect(activeNavItem(bidder, "/bidderx")).toBeNull();
    expect(activeNavItem(bidder, "/")).toBe("/");
    expect(activeNavItem(bidder, "/tenders/abc")).toBe("/tenders");
    const sup = navFor("SUPERVISOR");
    expect(activeNavItem(sup, "/supervision")).toBe("/supervision");
    expect(activeNavItem(sup, "/supervision/complaints/abc")).toBe("/supervision/complaints");
    expect(activeNavItem(sup, "/supervision/other")).toBeNull(); // the home item is `end`
  });
});
