/** CPU time and resident memory of a process, from /proc (Linux). */
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/** User plus system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces: fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Resident set size in MiB. */
export function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** Share of one core used over a stretch: (cpu seconds used) / (wall seconds). */
export async function measureCpu(pid: number, ms: number): Promise<{ cores: number; peakRssMiB: number }> {
  const cpu0 = cpuSeconds(pid);
  const t0 = performance.now();
  let peak = rssMiB(pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 250);
  await new Promise((resolve) => setTimeout(resolve, ms));
  clearInterval(sampler);
  return { cores: (cpuSeconds(pid) - cpu0) / ((performance.now() - t0) / 1000), peakRssMiB: Math.max(peak, rssMiB(pid)) };
}
