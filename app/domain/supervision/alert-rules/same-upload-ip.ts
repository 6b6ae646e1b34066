import { sharedTrait } from "./shared-trait";
import type { AlertRule } from "./types";

/** 实施条例第四十条: bids of different bidders uploaded from the same IP address. */
export const sameUploadIp: AlertRule = {
  id: "same-upload-ip",
  evaluate: ({ bids, standingGroups }) => sharedTrait(bids, standingGroups, "COLLUSION_SAME_IP", (b) => b.uploaderIp, "ip"),
};
