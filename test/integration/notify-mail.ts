import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** Test helpers for the notification tests: the SMTP server process and a small MIME decoder. */

export interface ReceivedMail {
  to: string[];
  raw: string;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface SmtpProcess {
  port: number;
  received: ReceivedMail[];
  stop: () => Promise<void>;
}

/** Starts notify-smtp-server.mjs on `port` and resolves once it listens. */
export async function startSmtpProcess(port: number, received: ReceivedMail[] = []): Promise<SmtpProcess> {
  const script = fileURLToPath(new URL("./notify-smtp-server.mjs", import.meta.url));
  const child: ChildProcess = spawn(process.execPath, [script, String(port)], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`SMTP server exited with ${code}`)));
    lines.on("line", (line) => {
      if (line.startsWith("listening ")) return resolve();
      const m = JSON.parse(line) as { to: string[]; raw: string };
      received.push({ to: m.to, raw: Buffer.from(m.raw, "base64").toString("utf8") });
    });
  });
  return {
    port,
    received,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGKILL");
      await exited;
    },
  };
}

/** Headers (unfolded, RFC 2047 words decoded) and the decoded text/plain and text/html parts. */
export function parseMail(raw: string): { headers: Record<string, string>; text: string; html: string } {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = parseHeaders(head!);
  const body = rest.join("\r\n\r\n");
  const boundary = /boundary="?([^";]+)"?/i.exec(headers["content-type"] ?? "")?.[1];
  const parts = boundary
    ? body
        .split(`--${boundary}`)
        .slice(1, -1)
        .map((p) => p.replace(/^\r?\n/, ""))
    : [`${head}\r\n\r\n${body}`];
  let text = "";
  let html = "";
  for (const part of parts) {
    const [ph, ...pb] = part.split(/\r?\n\r?\n/);
    const h = parseHeaders(ph!);
    const decoded = decodeBody(pb.join("\r\n\r\n"), h["content-transfer-encoding"] ?? "7bit");
    if ((h["content-type"] ?? "").startsWith("text/plain")) text = decoded;
    if ((h["content-type"] ?? "").startsWith("text/html")) html = decoded;
  }
  return { headers, text, html };
}

function parseHeaders(block: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of block.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0) out[line.slice(0, i).toLowerCase()] = decodeWords(line.slice(i + 1).trim());
  }
  return out;
}

/** RFC 2047: adjacent encoded words are joined (their bytes may split a UTF-8 character). */
function decodeWords(v: string): string {
  return v.replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=(\s+(?==\?))?)+/g, (run) => {
    const bytes: Buffer[] = [];
    for (const m of run.matchAll(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g)) {
      bytes.push(
        m[2]!.toUpperCase() === "B"
          ? Buffer.from(m[3]!, "base64")
          : Buffer.from(m[3]!.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1"),
      );
    }
    return Buffer.concat(bytes).toString("utf8");
  });
}

function decodeBody(body: string, encoding: string): string {
  const enc = encoding.toLowerCase();
  if (enc === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (enc === "quoted-printable") {
    const bin = body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bin, "latin1").toString("utf8");
  }
  return body;
}
