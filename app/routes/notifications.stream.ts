import type { LoaderFunctionArgs } from "@remix-run/node";
import { countUnread } from "~/domain/notify/count-unread";
import { getUnreadHub } from "~/domain/notify/unread-hub.server";
import { requirePermission } from "~/lib/auth.server";

const HEARTBEAT_MS = 25_000;

/**
 * GET /notifications/stream — Server-Sent Events for the header bell: `event: unread` with
 * {"count": n} at once, then whenever the count may have changed (a notification committed, messages
 * marked read in another tab). The count is state, not a log: nothing to replay on reconnection.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "account.self");
  const userId = actor.user.id;
  const encoder = new TextEncoder();
  let cleanup = () => {};

  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      let last = -1;
      const write = (s: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(s));
        } catch {
          cleanup();
        }
      };
      const send = (count: number) => {
        if (count === last) return;
        last = count;
        write(`event: unread\ndata: ${JSON.stringify({ count })}\n\n`);
      };
      const unsubscribe = getUnreadHub().subscribe(userId, send);
      const heartbeat = setInterval(() => write(`: heartbeat\n\n`), HEARTBEAT_MS);
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        try {
          controller.close();
        } catch {
          /* already closed by the client */
        }
      };
      request.signal.addEventListener("abort", cleanup, { once: true });
      write(`retry: 5000\n\n`);
      send(await countUnread(userId));
    },
    cancel() {
      cleanup();
    },
  });

  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
