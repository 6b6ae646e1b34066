import { sharedTrait } from "./shared-trait";
import type { AlertRule } from "./types";

/** 实施条例第四十条 (投标保证金从同一单位或者个人的账户转出): bonds of different bidders paid from one account. */
export const sameBondAccount: AlertRule = {
  id: "same-bond-account",
  evaluate: ({ bids, standingGroups }) =>
    sharedTrait(bids, standingGroups, "COLLUSION_SAME_BOND_ACCOUNT", (b) => b.bondPayerAccount?.replace(/[\s-]/g, "") ?? null, "account"),
};
