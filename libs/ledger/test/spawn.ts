import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../..');
export const WORKER = resolve(__dirname, 'worker.ts');

export interface WorkerRun {
  child: ChildProcess;
  lines: Record<string, unknown>[];
  /** Resolves with every JSON line once the process exits (rejects on a non-zero exit unless killed). */
  done: Promise<Record<string, unknown>[]>;
}

/** Runs the ledger worker in a separate OS process (node --import tsx). */
export function startWorker(
  task: Record<string, unknown>,
  onLine?: (line: Record<string, unknown>) => void,
): WorkerRun {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(task)], {
    cwd: ROOT,
    env: { ...process.env, TZ: 'UTC' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  let buf = '';
  let err = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    buf += chunk;
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (!line.trim()) continue;
      const parsed = JSON.parse(line) as Record<string, unknown>;
      lines.push(parsed);
      onLine?.(parsed);
    }
  });
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    err += chunk;
  });
  const done = new Promise<Record<string, unknown>[]>((res, rej) => {
    child.on('exit', (code, signal) => {
      if (code === 0 || signal === 'SIGKILL') res(lines);
      else rej(new Error(`worker exited with ${code ?? signal}: ${err}`));
    });
    child.on('error', rej);
  });
  return { child, lines, done };
}

export async function runWorker(task: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  return startWorker(task).done;
}
