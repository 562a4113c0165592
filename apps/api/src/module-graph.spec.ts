import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import * as ts from 'typescript';
import type { DynamicModule, Type } from '@nestjs/common';
import { AppModule } from './app.module';
import { AppConfig } from './config/config';

/**
 * The module graph (docs/ARCHITECTURE.md, "Module graph"): no cycle between the folders of
 * apps/api/src, no cycle between Nest modules, no global module beyond the listed ones, and no
 * library importing the app.
 */

const ROOT = resolve(__dirname, '../../..');
const SRC = resolve(__dirname);

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Relative import specifiers of a file (static, dynamic, re-exports, type-only included). */
function relativeImports(file: string): string[] {
  return ts
    .preProcessFile(readFileSync(file, 'utf8'), true, true)
    .importedFiles.map((f) => f.fileName)
    .filter((f) => f.startsWith('.'));
}

/** Strongly connected components with more than one node (Tarjan). */
export function cycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || graph.get(v)?.has(v)) out.push(scc.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  return out;
}

/**
 * The folder of a file of apps/api/src: its first path segment, or '(root)' for the
 * composition root (app.module.ts, main.ts, worker.ts, ...).
 */
const folderOf = (file: string): string => {
  const parts = relative(SRC, file).split(sep);
  return parts.length > 1 ? parts[0] : '(root)';
};

/**
 * Not part of the graph: the entity registry that data-source.ts keeps for migrations (it
 * lists every module's entities by design) and the frozen migrations.
 */
const EXCLUDED = [join('database', 'data-source.ts'), join('database', 'migrations') + sep];

function folderGraph(): { graph: Map<string, Set<string>>; why: Map<string, string> } {
  const graph = new Map<string, Set<string>>();
  const why = new Map<string, string>();
  for (const file of tsFiles(SRC)) {
    const rel = relative(SRC, file);
    if (file.endsWith('.spec.ts') || EXCLUDED.some((e) => rel === e || rel.startsWith(e))) continue;
    const from = folderOf(file);
    if (!graph.has(from)) graph.set(from, new Set());
    for (const spec of relativeImports(file)) {
      const target = resolve(dirname(file), spec);
      if (relative(SRC, target).startsWith('..')) continue;
      const to = folderOf(target);
      if (to === from) continue;
      graph.get(from)!.add(to);
      if (!why.has(`${from}->${to}`)) why.set(`${from}->${to}`, `${rel} imports ${spec}`);
    }
  }
  return { graph, why };
}

describe('module graph', () => {
  it('finds a cycle when there is one (the checker itself)', () => {
    const g = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ]);
    expect(cycles(g)).toEqual([['a', 'b', 'c']]);
    expect(cycles(new Map([['a', new Set(['b'])]]))).toEqual([]);
  });

  it('has no import cycle between the folders of apps/api/src', () => {
    const { graph, why } = folderGraph();
    expect(graph.size).toBeGreaterThan(15);
    const found = cycles(graph).map((scc) => ({
      folders: scc,
      edges: scc.flatMap((a) =>
        [...(graph.get(a) ?? [])].filter((b) => scc.includes(b)).map((b) => why.get(`${a}->${b}`)),
      ),
    }));
    expect(found).toEqual([]);
  });

  it('keeps the feature folders off the composition root (only entry points import it)', () => {
    const { graph } = folderGraph();
    const importers = [...graph.entries()]
      .filter(([from, tos]) => from !== '(root)' && tos.has('(root)'))
      .map(([from]) => from)
      .sort();
    // cli scripts start the whole app.
    expect(importers).toEqual(['cli']);
  });

  it('has no cycle between Nest modules, and only the listed global modules', () => {
    const config = new AppConfig({} as never);
    const root = AppModule.register({ config, databaseUrl: 'postgres://unused/none' });
    const ours = new Set(
      tsFiles(SRC)
        .filter((f) => f.endsWith('.module.ts'))
        .flatMap((f) =>
          [...readFileSync(f, 'utf8').matchAll(/export class (\w+Module)\b/g)].map((m) => m[1]),
        ),
    );
    const graph = new Map<string, Set<string>>();
    const globals = new Set<string>();
    const seen = new Set<unknown>();
    const walk = (m: Type | DynamicModule | Promise<DynamicModule> | undefined): string | undefined => {
      if (!m || m instanceof Promise) return undefined;
      const dyn = (m as DynamicModule).module ? (m as DynamicModule) : undefined;
      const cls: Type = dyn ? dyn.module : (m as Type);
      const name = cls.name;
      if (!ours.has(name)) return undefined;
      if (dyn?.global || Reflect.getMetadata('__module:global__', cls)) globals.add(name);
      if (seen.has(cls) && (!dyn || seen.has(dyn))) return name;
      seen.add(cls);
      if (dyn) seen.add(dyn);
      if (!graph.has(name)) graph.set(name, new Set());
      const imports = [
        ...((Reflect.getMetadata('imports', cls) as unknown[] | undefined) ?? []),
        ...(dyn?.imports ?? []),
      ] as (Type | DynamicModule)[];
      for (const i of imports) {
        const target = walk(i);
        if (target) graph.get(name)!.add(target);
      }
      return name;
    };
    walk(root);
    expect(graph.size).toBeGreaterThan(15);
    expect(cycles(graph)).toEqual([]);
    expect([...globals].sort()).toEqual([
      'AppModule', // configuration and the clock
      'EventWiringModule', // composition root of the domain events (lists the consumers)
    ]);
    expect(globals.has('PersistenceModule')).toBe(false);
  });

  it('no library imports the app', () => {
    const offenders = tsFiles(join(ROOT, 'libs')).flatMap((file) =>
      ts
        .preProcessFile(readFileSync(file, 'utf8'), true, true)
        .importedFiles.map((f) => f.fileName)
        .filter((spec) =>
          spec.startsWith('.')
            ? !relative(join(ROOT, 'apps'), resolve(dirname(file), spec)).startsWith('..')
            : /(^|\/)apps\//.test(spec),
        )
        .map((spec) => `${relative(ROOT, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });
});
