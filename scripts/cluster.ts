/**
 * `npm run cluster [-- --port 3000]`: the portal as two web and two worker processes behind HAProxy on this
 * machine (issue 14; scripts/cluster-lib.ts), sharing the PostgreSQL, Redis and storage of the environment
 * (DATABASE_URL, REDIS_URL, STORAGE_DIR — the same as `npm start`). A crashed process is restarted; Ctrl-C
 * stops everything gracefully. HAProxy is installed with apt-get when missing.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { ensureBuild, ROOT, startCluster } from "./cluster-lib";

const { values } = parseArgs({ args: process.argv.slice(2).filter((a) => a !== "--"), options: { port: { type: "string", default: process.env.PORT ?? "3000" } } });
execFileSync("bash", ["scripts/setup.sh"], { cwd: ROOT, stdio: "inherit" });
// Always a fresh build, as `npm start` does.
execFileSync("npx", ["remix", "vite:build"], { cwd: ROOT, env: { ...process.env, NODE_ENV: "production" }, stdio: "ignore" });
const buildDir = ensureBuild(path.join(ROOT, "build"));
const logDir = mkdtempSync(path.join(tmpdir(), "ggzy-cluster-"));
const port = Number(values.port);
const cluster = await startCluster({ env: { ...process.env, PUBLIC_URL: process.env.PUBLIC_URL ?? `http://localhost:${port}` }, logDir, port, buildDir });
console.log(`\n  公共资源交易平台 (cluster) is running: ${cluster.url}\n  HAProxy → web-1 :${cluster.webPorts[0]}, web-2 :${cluster.webPorts[1]}; worker-1, worker-2\n  logs and haproxy.cfg: ${logDir}\n  Ctrl-C stops everything\n`);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await cluster.stop();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
cluster.supervisor.on("exit", () => void stop());
