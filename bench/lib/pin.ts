// CPU pinning for benchmarks on a small machine: with the load generator on one CPU and the broker on
// another, the scheduler no longer moves them onto each other's CPU mid-round, which on 2 cores is
// most of the round-to-round noise. Linux only (taskset, util-linux); -a pins every thread.
import { execFileSync } from 'node:child_process';
import os from 'node:os';

/** Pins every thread of `pid` to `cpu`; false (and nothing changed) where taskset is missing or the CPU does not exist. */
export function pin(pid: number, cpu: number): boolean {
  if (cpu >= os.cpus().length) return false;
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Gives every thread of `pid` round-robin real-time scheduling (chrt -r) at `priority`, so a wakeup
 * preempts ordinary processes instead of waiting for their time slice; false where chrt or the
 * privilege is missing. For latency benchmarks only (the kernel still keeps 5% of each CPU for
 * ordinary processes).
 */
export function realtime(pid: number, priority = 10): boolean {
  try {
    execFileSync('chrt', ['-a', '-r', '-p', String(priority), String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
