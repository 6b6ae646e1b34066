/**
 * The upload benchmark's baselines (bench/bids.ts [2]): a bare Node http server in its own process, as the
 * app's server is, writing each request body to a file. `node bench/_bare-upload-server.ts <dir> <mode>`:
 *  - `pipe`: the body piped to a file, nothing else (the issue's "bare Node server on the same bytes");
 *  - `sha256+fsync`: what any server must do for a sealed bid under issue 15's design — hash the bytes as
 *    they stream in and make them durable (an fsync after answering, as the app's upload store does).
 * Prints the port it listens on.
 */
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { open } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";

const [dir, mode] = process.argv.slice(2) as [string, "pipe" | "sha256+fsync"];
let n = 0;
const sha = () => {
  const h = createHash("sha256");
  return new Transform({ transform: (chunk: Buffer, _e, cb) => (h.update(chunk), cb(null, chunk)) });
};
const srv = http.createServer((req, res) => {
  const file = path.join(dir, `bare-${n++}`);
  const steps = mode === "pipe" ? pipeline(req, createWriteStream(file)) : pipeline(req, sha(), createWriteStream(file));
  steps
    .then(() => {
      res.writeHead(204).end();
      if (mode !== "pipe") void open(file, "r").then(async (fh) => (await fh.sync(), await fh.close())).catch(() => undefined); // removed between rounds
    })
    .catch(() => res.writeHead(500).end());
});
srv.listen(0, "127.0.0.1", () => console.log((srv.address() as { port: number }).port));
process.on("SIGTERM", () => process.exit(0));
