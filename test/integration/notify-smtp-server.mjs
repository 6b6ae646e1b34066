// A real SMTP server in its own process, for test/integration/notify-delivery.test.ts:
//   node test/integration/notify-smtp-server.mjs <port>
// Prints "listening <port>" once ready, then one JSON line per accepted message: {"to": [...], "raw": base64}.
// Killing the process is "the SMTP server is down"; starting it again on the same port brings it back.
import { SMTPServer } from "smtp-server";

const port = Number(process.argv[2]);
const server = new SMTPServer({
  authOptional: true,
  // Plain SMTP on localhost: no self-signed STARTTLS certificate for the client to reject.
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on("data", (c) => chunks.push(c));
    stream.on("end", () => {
      const raw = Buffer.concat(chunks).toString("base64");
      process.stdout.write(JSON.stringify({ to: session.envelope.rcptTo.map((r) => r.address), raw }) + "\n");
      callback();
    });
  },
});
server.on("error", (err) => {
  process.stderr.write(`smtp server error: ${err.message}\n`);
  process.exit(1);
});
server.listen(port, "127.0.0.1", () => process.stdout.write(`listening ${port}\n`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
