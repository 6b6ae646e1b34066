import type { LoaderFunctionArgs } from "@remix-run/node";
import { countUnread } from "~/domain/notify/count-unread";
import { getUnreadHub } from "~/domain/notify/unread-hub.server";
import { requirePermission } from "~/lib/auth.server";
import { sseResponse } from "~/lib/sse.server";
import { streamGuard } from "~/lib/stream-guard.server";

const HEARTBEAT_MS = 25_000;

/**
 * GET /notifications/stream — Server-Sent Events for the header bell: `event: unread` with
 * {"count": n} at once, then whenever the count may have changed (a notification committed, messages
 * marked read in another tab). The count is state, not a log: nothing to replay on reconnection.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "account.self");
  const userId = actor.user.id;
  let last = -1;
  // Ends after logout or when the account is disabled (issue 13).
  return sseResponse(request, { retryMs: 5000, heartbeatMs: HEARTBEAT_MS, guard: streamGuard(request, actor) }, async ({ write, onClose }) => {
    const send = (count: number) => {
      if (count === last) return;
      last = count;
      write(`event: unread\ndata: ${JSON.stringify({ count })}\n\n`);
    };
    onClose(getUnreadHub().subscribe(userId, send));
    send(await countUnread(userId));
  });
}
