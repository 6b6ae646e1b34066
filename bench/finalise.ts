/**
 * `npm run bench -- finalise [--orgs 300] [--rates 25,50,100,200,300] [--seconds 4] [--mb 1] [--web 2]`
 *
 * Finalise capacity (issue 15): many bidders finalising at once against the REAL app as deployed
 * (docs/operations.md: two web processes behind the load balancer; `--web 1` for one): production build,
 * own database, storage and queue prefix; no worker — receipt PDFs only queue. The bench spreads requests over
 * the web processes in turn, as the balancer would; an envelope is uploaded through one and finalised through
 * the next, so the upload's digest is read from disk, not from the process that hashed it. Envelopes of
 * `mb` MiB are sealed per organisation and uploaded (tus) BEFORE each step; the step then sends finalises (POST
 * /api/v1/bids) open-loop at a fixed rate for `seconds` — an adversarial client that never waits for an
 * answer before sending the next request and never backs off. Each organisation finalises several times
 * (its later bids replace the earlier), so finalises of the same organisation sometimes race, as they do.
 *
 * The bare operation, measured in the same run at the same rates: one durable PostgreSQL commit (BEGIN;
 * INSERT one row; COMMIT) from this process — what every finalise must at least pay once the bytes are on
 * disk. Per rate: finalise p50/p99, achieved rate, and the bare commit's p50/p99. "Sustained" = achieved
 * ≥ 95 % of the offered rate with p99 < 1 s and no errors. Goal: ≥ 200/s sustained, p99 < 1 s at 200/s.
 * The app server's CPU time per finalise (from /proc) is printed too: on a shared machine the latencies
 * measure the machine's load, the CPU time measures the code. So are the CPU times of this database's
 * PostgreSQL backends (the server's connections during the finalise step, the bare pool's during the bare
 * one) and of this bench process, per operation: their sum is what one finalise costs the machine, and
 * 2000 ms / that sum is the most two cores could do (the limit); the same sum for a bare commit gives the
 * CPU ratio of finalise to the bare operation.
 * Ends with one JSON line {figures, goals, met}.
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync, statSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { setDb } from "~/lib/db.server";
import { benchWorkspace, finalise, fmt, inBatches, pct, randomFile, sealFile, seed, sleep, startAppServer, tusUpload, type Bidder } from "./bids";

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux). */
function cpuMsOf(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(f[11]) + Number(f[12])) * 10; // utime, stime in clock ticks of 10 ms
}

/** CPU ms of each PostgreSQL backend of the current database, by application_name ('' for the app server). */
async function backendCpu(pool: pg.Pool, app: string): Promise<Map<number, number>> {
  const { rows } = await pool.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 AND pid <> pg_backend_pid()`,
    [app],
  );
  const out = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      out.set(pid, cpuMsOf(pid));
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

/** CPU the backends used between two readings (a backend that appeared meanwhile counts from zero). */
const backendDelta = (before: Map<number, number>, after: Map<number, number>) =>
  [...after].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0);

const ownCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

interface Step {
  /** PostgreSQL backends' and this process's CPU per finalise (ms). */
  pgCpuMs: number;
  clientCpuMs: number;
  /** The same for one bare commit. */
  barePgCpuMs: number;
  bareClientCpuMs: number;
  /** App server CPU per finalise (ms): independent of how busy the rest of the machine is. */
  serverCpuMs: number;
  rate: number;
  sent: number;
  ok: number;
  errors: number;
  firstError?: string;
  p50: number;
  p99: number;
  max: number;
  achieved: number;
  bareP50: number;
  bareP99: number;
  bareAchieved: number;
}

/** Fires `n` calls of `fn` at `rate` per second without waiting for answers; returns latencies (ms) and errors. */
async function openLoop(rate: number, n: number, fn: (i: number) => Promise<boolean>) {
  const lat: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const t0 = performance.now() + 50;
  let lastDone = t0;
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const at = t0 + (i * 1000) / rate;
      await sleep(Math.max(0, at - performance.now()));
      const start = performance.now();
      try {
        if (!(await fn(i))) errors++;
        else lat.push(performance.now() - start);
      } catch (e) {
        errors++;
        firstError ??= String(e).slice(0, 200);
      }
      lastDone = Math.max(lastDone, performance.now());
    }),
  );
  // Achieved rate: completions over the time from the first send to the last answer.
  return { lat, errors, firstError, achieved: lat.length / ((lastDone - t0) / 1000) };
}

export async function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      orgs: { type: "string", default: "300" },
      rates: { type: "string", default: "25,50,100,200,300" },
      seconds: { type: "string", default: "4" },
      mb: { type: "string", default: "1" },
      web: { type: "string", default: "2" },
    },
  });
  const ORGS = Number(values.orgs);
  const RATES = values.rates.split(",").map(Number);
  const SECONDS = Number(values.seconds);
  const MB = Number(values.mb);
  const WEB = Math.max(1, Number(values.web));
  const { work, storage, bench, db } = await benchWorkspace("finalise");
  const bare = new pg.Pool({ connectionString: bench.url, max: 16, application_name: "bench-bare" });
  const probe = new pg.Pool({ connectionString: bench.url, max: 1, application_name: "bench-probe" });
  const servers: ChildProcess[] = [];
  try {
    console.log(`finalise capacity bench: ${ORGS} organisations, ${MB} MiB envelopes, rates ${RATES.join("/")} per s × ${SECONDS} s; ${WEB} web process(es); ${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(2)}`);
    let t0 = Date.now();
    const { lotId, bidders: parties } = await seed(db, ORGS);
    const plain = path.join(work, "plain.bin");
    await randomFile(plain, MB * 1024 * 1024 - 4096);
    const bidders: Bidder[] = new Array(ORGS);
    await inBatches([...parties.entries()], 4, async ([i, p]) => {
      const file = path.join(work, `b${i}.sealed`);
      bidders[i] = { actor: p.actor, token: p.token, file, ...(await sealFile(lotId, p.spki, plain, file)) };
    });
    console.log(`seeded and sealed in ${fmt((Date.now() - t0) / 1000, 1)} s (${fmt(statSync(bidders[0]!.file).size / 1024 ** 2, 2)} MiB each)`);
    await bare.query(`CREATE TABLE bench_bare (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp(), note text NOT NULL)`);

    // One deployment: the web processes share the secret and the queue prefix, as the cluster's do.
    const shared = { APP_SECRET: randomBytes(48).toString("base64url"), QUEUE_PREFIX: `bench-${randomBytes(3).toString("hex")}` };
    const bases: string[] = [];
    for (let w = 0; w < WEB; w++) {
      const app = await startAppServer({ dbUrl: bench.url, storage, log: path.join(work, `server-${w}.log`), env: shared });
      servers.push(app.server);
      bases.push(app.base);
      console.log(`app server ${w + 1}/${WEB} pid ${app.server.pid} (build ${path.relative(process.cwd(), app.buildDir)})`);
    }
    const serversCpuMs = () => servers.reduce((sum, x) => sum + cpuMsOf(x.pid!), 0);

    const steps: Step[] = [];
    let next = 0;
    for (const rate of RATES) {
      const n = Math.round(rate * SECONDS);
      // Uploads first (not measured): the step measures finalise alone.
      t0 = Date.now();
      const batch = Array.from({ length: n }, () => bidders[next++ % ORGS]!);
      const uploads: string[] = new Array(n);
      await inBatches([...batch.keys()], 16, async (i) => void (uploads[i] = await tusUpload(bases[i % WEB]!, batch[i]!.token, batch[i]!.file, batch[i]!.size)));
      const upS = (Date.now() - t0) / 1000;
      await sleep(1000);
      const bareBefore = await backendCpu(probe, "bench-bare");
      const bareOwn0 = ownCpuMs();
      const bareRun = await openLoop(rate, n, async (i) => {
        const c = await bare.connect();
        try {
          await c.query("BEGIN");
          await c.query("INSERT INTO bench_bare (note) VALUES ($1)", [`bare ${rate} ${i}`]);
          await c.query("COMMIT");
          return true;
        } finally {
          c.release();
        }
      });
      const bareClientCpuMs = (ownCpuMs() - bareOwn0) / n;
      const barePgCpuMs = backendDelta(bareBefore, await backendCpu(probe, "bench-bare")) / n;
      await sleep(500);
      const pgBefore = await backendCpu(probe, "");
      const own0 = ownCpuMs();
      const cpu0 = serversCpuMs();
      const finUs = [process.hrtime.bigint() / 1000n];
      const fin = await openLoop(rate, n, async (i) => {
        const r = await finalise(bases[(i + 1) % WEB]!, lotId, batch[i]!, uploads[i]!);
        if (r.status !== 201) throw new Error(`${r.status} ${r.body.slice(0, 150)}`);
        return true;
      });
      const serverCpuMs = (serversCpuMs() - cpu0) / n;
      const clientCpuMs = (ownCpuMs() - own0) / n;
      // The app server's connections (no application_name; the bench's own Prisma client is idle meanwhile).
      const pgCpuMs = backendDelta(pgBefore, await backendCpu(probe, "")) / n;
      // With BENCH_CPU_PROF: the step's window on the monotonic clock (µs), as the server's profile counts time.
      if (process.env.BENCH_CPU_PROF) console.log(`  profile window ${rate}/s: ${finUs[0]} ${process.hrtime.bigint() / 1000n}`);
      const s: Step = {
        serverCpuMs, pgCpuMs, clientCpuMs, barePgCpuMs, bareClientCpuMs,
        rate, sent: n, ok: fin.lat.length, errors: fin.errors, firstError: fin.firstError,
        p50: pct(fin.lat, 50), p99: pct(fin.lat, 99), max: Math.max(...fin.lat), achieved: fin.achieved,
        bareP50: pct(bareRun.lat, 50), bareP99: pct(bareRun.lat, 99), bareAchieved: bareRun.achieved,
      };
      steps.push(s);
      console.log(
        `  ${String(rate).padStart(4)}/s offered: finalise p50 ${fmt(s.p50).padStart(5)} ms  p99 ${fmt(s.p99).padStart(5)} ms  max ${fmt(s.max).padStart(5)} ms  ` +
          `achieved ${fmt(s.achieved, 0).padStart(4)}/s  ok ${s.ok}/${n}${s.errors ? `  ERRORS ${s.errors} (${s.firstError})` : ""}  |  ` +
          `bare commit p50 ${fmt(s.bareP50, 1)} ms  p99 ${fmt(s.bareP99, 1)} ms  achieved ${fmt(s.bareAchieved, 0)}/s  |  ` +
          `ratio p50 ×${fmt(s.p50 / s.bareP50, 1)}  |  CPU per finalise: server ${fmt(s.serverCpuMs, 1)} + PostgreSQL ${fmt(s.pgCpuMs, 1)} + client ${fmt(s.clientCpuMs, 1)} ms, ` +
          `per bare commit: PostgreSQL ${fmt(s.barePgCpuMs, 2)} + client ${fmt(s.bareClientCpuMs, 2)} ms  (uploads ${fmt(upS, 1)} s, load ${loadavg()[0]!.toFixed(1)})`,
      );
      rmSync(path.join(storage, "bids"), { recursive: true, force: true }); // keep the disk small between steps
      if (s.errors > n / 2 || s.p50 > 20_000) {
        console.log("  stopping: far beyond capacity");
        break;
      }
    }
    const sustained = steps.filter((s) => s.errors === 0 && s.achieved >= 0.95 * s.rate && s.p99 < 1000);
    const maxSustained = sustained.length ? Math.max(...sustained.map((s) => s.rate)) : 0;
    const at200 = steps.find((s) => s.rate === 200);
    const figures: Record<string, number> = { orgs: ORGS, mb: MB, seconds: SECONDS, webProcesses: WEB, maxSustainedPerS: maxSustained, loadAvg1: Number(loadavg()[0]!.toFixed(2)) };
    for (const s of steps) {
      Object.assign(figures, {
        [`p50At${s.rate}`]: Math.round(s.p50), [`p99At${s.rate}`]: Math.round(s.p99), [`achievedAt${s.rate}`]: Math.round(s.achieved),
        [`errorsAt${s.rate}`]: s.errors, [`serverCpuMsPerFinaliseAt${s.rate}`]: Number(s.serverCpuMs.toFixed(1)), [`bareP50At${s.rate}`]: Number(s.bareP50.toFixed(1)), [`ratioP50At${s.rate}`]: Number((s.p50 / s.bareP50).toFixed(1)),
      });
    }
    const met = maxSustained >= 200 && !!at200 && at200.p99 < 1000;
    // What two free cores could do if the app server had them to itself (PostgreSQL not counted): an upper bound.
    const cpuPer = Math.min(...steps.map((s) => s.serverCpuMs));
    figures.serverCpuMsPerFinalise = Number(cpuPer.toFixed(1));
    figures.ceilingPerSOn2FreeCores = Math.round(2000 / cpuPer);
    console.log(`app server CPU per finalise: ${fmt(cpuPer, 1)} ms → at most ${fmt(2000 / cpuPer, 0)}/s on 2 free cores before PostgreSQL's share`);
    // The whole machine's cost of one finalise, from the step that paid the least per finalise (the most
    // loaded steps pay more for the same work: cache misses, contention), and the bare commit's beside it.
    const best = steps.reduce((a, b) => (b.serverCpuMs + b.pgCpuMs + b.clientCpuMs < a.serverCpuMs + a.pgCpuMs + a.clientCpuMs ? b : a));
    const total = best.serverCpuMs + best.pgCpuMs + best.clientCpuMs;
    const bareTotal = best.barePgCpuMs + best.bareClientCpuMs;
    Object.assign(figures, {
      pgCpuMsPerFinalise: Number(best.pgCpuMs.toFixed(1)),
      clientCpuMsPerFinalise: Number(best.clientCpuMs.toFixed(1)),
      machineCpuMsPerFinalise: Number(total.toFixed(1)),
      limitPerSOn2Cores: Math.round(2000 / total),
      bareCpuMsPerCommit: Number(bareTotal.toFixed(2)),
      cpuRatioToBare: Number((total / bareTotal).toFixed(1)),
    });
    console.log(
      `machine CPU per finalise (at ${best.rate}/s): server ${fmt(best.serverCpuMs, 1)} + PostgreSQL ${fmt(best.pgCpuMs, 1)} + bench client ${fmt(best.clientCpuMs, 1)} = ${fmt(total, 1)} ms ` +
        `→ at most ${fmt(2000 / total, 0)}/s on 2 cores; a bare commit costs ${fmt(bareTotal, 2)} ms (×${fmt(total / bareTotal, 1)})`,
    );
    console.log(`max sustained rate: ${maxSustained}/s (goal ≥ 200/s with p99 < 1 s): ${met ? "MET" : "NOT MET"}`);
    console.log(JSON.stringify({ bench: "finalise", figures, goals: { maxSustainedPerS: ">= 200", p99At200: "< 1000" }, met }));
  } finally {
    await Promise.all(servers.filter((x) => x.exitCode === null).map((x) => new Promise((r) => (x.once("exit", r), x.kill("SIGTERM")))));
    await bare.end();
    await probe.end();
    setDb(undefined);
    await db.$disconnect();
    await bench.drop();
    rmSync(work, { recursive: true, force: true });
  }
}
