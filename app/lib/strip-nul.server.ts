import { Transform, type TransformCallback } from "node:stream";

/**
 * React 18.3's `renderToPipeableStream` writes its whole 2 KB chunk buffer when a multi-byte character
 * does not fit at the end, so one or two 0x00 bytes that were never written go out with it
 * (react#24985, react#31134; `writeStringChunk` in react-dom-server.node). Content is otherwise intact.
 * In UTF-8 a 0x00 byte is only ever U+0000, which no HTML page may contain, so dropping every 0x00 is
 * exact. Goes away with React 19 on the React Router 7 exit (docs/decisions/0001).
 */
export function createNulStripper(): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      let at = chunk.indexOf(0);
      if (at === -1) return done(null, chunk);
      const parts: Buffer[] = [];
      let from = 0;
      while (at !== -1) {
        if (at > from) parts.push(chunk.subarray(from, at));
        from = at + 1;
        at = chunk.indexOf(0, from);
      }
      if (from < chunk.length) parts.push(chunk.subarray(from));
      done(null, Buffer.concat(parts));
    },
  });
}
