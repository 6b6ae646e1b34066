import { sharedTrait } from "./shared-trait";
import type { AlertRule } from "./types";

/** 实施条例第四十条: bids of different bidders prepared / uploaded on the same device (client device id). */
export const sameDevice: AlertRule = {
  id: "same-device",
  evaluate: ({ bids, standingGroups }) => sharedTrait(bids, standingGroups, "COLLUSION_SAME_DEVICE", (b) => b.deviceId, "deviceId"),
};
