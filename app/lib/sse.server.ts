import type { StreamGuard } from "./stream-guard.server";

const encoder = new TextEncoder();

export interface SseStream {
  /** Writes raw SSE text; a no-op once the client is gone. */
  write: (text: string) => void;
  /** Registers teardown (unsubscribe…) run once when the client disconnects; at once if it already has. */
  onClose: (fn: () => void) => void;
}

/**
 * One Server-Sent Events response: the retry hint, a comment heartbeat (keeps proxies from closing an idle
 * stream), teardown on client abort or cancel, and headers that stop proxies buffering. `start` subscribes
 * to its source and writes events; every live stream of the portal is built on it.
 */
export function sseResponse(
  request: Request,
  opts: { retryMs: number; heartbeatMs: number; guard?: StreamGuard },
  start: (sse: SseStream) => Promise<void> | void,
): Response {
  let closed = false;
  const closers: (() => void)[] = [];
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const heartbeat = setInterval(() => write(`: heartbeat ${new Date().toISOString()}\n\n`), opts.heartbeatMs);
      // The right to the stream is re-checked while it lasts: when it ends, say so and close (the browser's
      // reconnection then meets the route's guard and stops).
      const stopGuard = opts.guard
        ? opts.guard.watch(() => {
            write(`event: ended\ndata: {"reason":"rightEnded"}\n\n`);
            cleanup();
          })
        : () => {};
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        stopGuard();
        for (const fn of closers.splice(0)) fn();
        try {
          controller.close();
        } catch {
          /* already closed by the client */
        }
      };
      request.signal.addEventListener("abort", cleanup, { once: true });
      write(`retry: ${opts.retryMs}\n\n`);
      await start({ write, onClose: (fn) => (closed ? fn() : void closers.push(fn)) });
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
