import type { Actor } from "~/domain/actor";
import { streamRightHolds } from "~/domain/accounts/stream-right";
import { getEnv } from "./env.server";
import { logger } from "./logger.server";
import { readSessionToken } from "./session.server";

export interface StreamGuard {
  /** Starts re-checking; calls `onEnd` once when the right is gone. Returns a stop function. */
  watch: (onEnd: () => void) => () => void;
}

/**
 * The periodic re-check of a live stream's right (streamRightHolds, every STREAM_RECHECK_SECONDS) for the
 * session of `request`. `stillAdmitted` re-runs the stream's own admission (throws when refused).
 */
export function streamGuard(request: Request, actor: Actor, stillAdmitted?: () => Promise<unknown>): StreamGuard {
  const token = readSessionToken(request);
  return {
    watch(onEnd) {
      let running = false;
      let stopped = false;
      const timer = setInterval(() => {
        if (running || stopped) return;
        running = true;
        streamRightHolds(token, actor, stillAdmitted)
          .then((ok) => {
            if (!ok && !stopped) {
              stopped = true;
              clearInterval(timer);
              onEnd();
            }
          })
          // A database hiccup is not a revocation: try again next time.
          .catch((err: unknown) => logger.warn({ err }, "stream right re-check failed"))
          .finally(() => (running = false));
      }, getEnv().STREAM_RECHECK_SECONDS * 1000);
      timer.unref?.();
      return () => {
        stopped = true;
        clearInterval(timer);
      };
    },
  };
}
