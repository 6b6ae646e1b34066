/**
 * A process started by scripts/supervise.mjs (SUPERVISED_BY = its pid) stops itself gracefully when the
 * supervisor is gone (killed with SIGKILL: nobody would ever stop or restart it otherwise). Issue 14.
 */
export function watchSupervisor(stop: () => void, everyMs = 1_000): void {
  const supervisor = Number(process.env.SUPERVISED_BY);
  if (!Number.isInteger(supervisor) || supervisor <= 1) return;
  const t = setInterval(() => {
    if (process.ppid !== supervisor) {
      clearInterval(t);
      stop();
    }
  }, everyMs);
  t.unref();
}
