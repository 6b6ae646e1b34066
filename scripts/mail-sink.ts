/**
 * Development mailbox (issue 16 §10): a local SMTP server that accepts every message and keeps it as an
 * .eml file in MAIL_SINK_DIR, where the system administrator reads it at /admin/mail. `npm start` starts it
 * when SMTP_URL is unset and points the worker's SMTP_URL at it; a real centre sets SMTP_URL instead and
 * this never runs. Nothing leaves the machine.
 *   MAIL_SINK_DIR=var/mail-sink MAIL_SINK_PORT=2525 node --import tsx scripts/mail-sink.ts
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SMTPServer } from "smtp-server";

const dir = path.resolve(process.env.MAIL_SINK_DIR ?? "var/mail-sink");
const port = Number(process.env.MAIL_SINK_PORT ?? 2525);
mkdirSync(dir, { recursive: true });

const MAX_BYTES = 10 * 1024 * 1024;

const server = new SMTPServer({
  authOptional: true,
  // Loopback only, plain SMTP: no certificate for the client to reject.
  disabledCommands: ["STARTTLS", "AUTH"],
  size: MAX_BYTES,
  logger: false,
  onData(stream, _session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("end", () => {
      if (stream.sizeExceeded) return callback(new Error("message too large for the development mailbox"));
      // Time-ordered names; write then rename so the page never reads half a message.
      const name = `${Date.now().toString().padStart(15, "0")}-${randomUUID()}.eml`;
      const tmp = path.join(dir, `.${name}.tmp`);
      writeFileSync(tmp, Buffer.concat(chunks));
      renameSync(tmp, path.join(dir, name));
      callback();
    });
  },
});
server.on("error", (err) => {
  console.error(`[mail-sink] ${err.message}`);
  process.exit(1);
});
server.listen(port, "127.0.0.1", () => console.log(`[mail-sink] listening on 127.0.0.1:${port}, keeping mail in ${dir}`));
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
