// The app under test runs in its OWN process (node --import tsx server/main.ts), as in production, so that the load
// generator (autocannon in the bench process) does not take the app's CPU. Used by every PostgreSQL suite in bench/.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type AppProcess = {
  url: string;
  pid: number;
  /** Switches the bench-only SQL capture (PORTICO_BENCH_CAPTURE_SQL) on or off; see server/db/client.ts. */
  toggleCapture(): void;
  captureFile?: string;
  stop(): Promise<void>;
};

export type AppOptions = {
  /** PostgreSQL; without it the embedded PGlite in a temporary folder. */
  databaseUrl?: string;
  /** Loads the demo clinic at start (demo accounts, password PORTICO_DEMO_PASSWORD or portico-demo). */
  seedDemo?: boolean;
  /** Extra environment, e.g. { PORTICO_DB_PREPARE: 'false' }. */
  env?: Record<string, string>;
  /** Writes a V8 CPU profile (.cpuprofile) into this folder when the process stops. */
  cpuProfDir?: string;
  /** Enables the SQL capture hook into this file (off until toggleCapture()). Single process only. */
  captureFile?: string;
  /** More than 1: that many app processes on one port (bench/cluster-main.ts). */
  processes?: number;
};

/** Starts server/main.ts on a free port and resolves once it prints that it is running. */
export async function startAppProcess(opts: AppOptions): Promise<AppProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-bench-app-'));
  const processes = opts.processes ?? 1;
  const entry = processes > 1 ? 'bench/cluster-main.ts' : 'server/main.ts';
  const args = [...(opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`] : []), '--import', 'tsx', entry];
  const child: ChildProcess = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DATABASE_URL: opts.databaseUrl ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      NODE_ENV: 'test', // staff sign in with a password only (no MFA enrolment) in the bench accounts
      PORTICO_SEED_DEMO: opts.seedDemo ? 'true' : 'false',
      PORTICO_LOG_LEVEL: 'warn',
      PORTICO_DATA_DIR: dataDir,
      PORTICO_BENCH_PROCESSES: String(processes),
      ...(opts.captureFile ? { PORTICO_BENCH_CAPTURE_SQL: opts.captureFile } : {}),
      ...opts.env,
    },
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGTERM'); reject(new Error(`app did not start within 180 s:\n${output}`)); }, 180_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const ready = [...output.matchAll(/running on http:\/\/localhost:(\d+)/g)];
      const m = ready.length >= processes ? ready[0] : null;
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`app exited with code ${code} before it was ready:\n${output}`));
    });
  });
  // Keep draining the pipes so that a chatty app never blocks on a full pipe.
  child.stdout!.resume();
  child.stderr!.on('data', (d: Buffer) => { if (/error/i.test(d.toString())) process.stderr.write(`[app] ${d}`); });
  return {
    url,
    pid: child.pid!,
    captureFile: opts.captureFile,
    toggleCapture: () => { child.kill('SIGUSR2'); },
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.once('exit', () => {
        clearTimeout(timer);
        fs.rmSync(dataDir, { recursive: true, force: true });
        resolve();
      });
      child.kill('SIGTERM'); // main.ts closes HTTP, seals the audit trail, writes the last checkpoint and exits
    }),
  };
}

/**
 * Top self-time functions of a V8 .cpuprofile (what `node --cpu-prof` writes), and self time per package / source folder.
 * windowFromEndMs = [a, b] keeps only the samples taken between b and a ms before the profile ended (the load window,
 * leaving out start-up and shutdown).
 */
export function summarizeCpuProfile(file: string, top = 15, windowFromEndMs?: [number, number]) {
  type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number } };
  const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const times: number[] = [];
  let t = prof.startTime;
  for (const d of prof.timeDeltas) times.push((t += d));
  const end = times[times.length - 1];
  const self = new Map<string, number>();
  const groups = new Map<string, number>();
  let total = 0;
  prof.samples.forEach((id, i) => {
    const ago = (end - times[i]) / 1000;
    if (windowFromEndMs && (ago < windowFromEndMs[0] || ago > windowFromEndMs[1])) return;
    const n = byId.get(id)!;
    const dt = (prof.timeDeltas[i + 1] ?? 0) / 1000;
    total += dt;
    const f = n.callFrame;
    const file = f.url.replace(/^file:\/\//, '');
    const where = file ? `${file.replace(/^.*node_modules\//, '').replace(/^.*\/main\//, '')}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
    self.set(key, (self.get(key) ?? 0) + dt);
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1]
      ?? (/\/main\/(server\/[^/]+(?:\/[^/]+)?)\//.exec(file)?.[1])
      ?? (file.startsWith('node:') ? 'node internals' : file ? 'other' : f.functionName || 'native');
    groups.set(pkg, (groups.get(pkg) ?? 0) + dt);
  });
  const rank = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([name, ms]) => ({ name, selfMs: Math.round(ms), pct: Math.round((ms / total) * 1000) / 10 }));
  return { functions: rank(self), groups: rank(groups), totalMs: Math.round(total) };
}
