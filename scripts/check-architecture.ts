/**
 * The layout rules a linter cannot see, run by `npm run lint` (and so by CI):
 * - no import cycle among src/ modules, type-only imports included;
 * - src/domain/ imports only src/domain/, src/shared/, Node's own modules and neutral packages;
 * - no file under src/ is longer than MAX_LINES.
 * Exits non-zero with one line per finding.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const MAX_LINES = 350;

/** What domain code may not reach: the adapters, the edges and the frameworks behind them. */
const DOMAIN_FORBIDDEN_DIRS = [
  'stores',
  'wecom',
  'gateway',
  'outbox',
  'alerts',
  'events',
  'handlers',
  'scheduler',
  'simulator',
  'cli',
];
const DOMAIN_FORBIDDEN_FILES = ['config', 'container', 'app', 'main', 'server', 'embedded-default'];
const DOMAIN_FORBIDDEN_PACKAGES = /^(koa|@koa\/.*|mongoose|mongodb)(\/.*)?$/;

const IMPORT =
  /(?:^|[;\s])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

export type Graph = Map<string, string[]>;

/** Every .ts file under dir, as paths relative to root. */
export function listSources(root: string, dir = 'src'): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(root, dir))) {
    const rel = path.join(dir, name);
    if (statSync(path.join(root, rel)).isDirectory()) out.push(...listSources(root, rel));
    else if (name.endsWith('.ts')) out.push(rel);
  }
  return out.sort();
}

/** The import specifiers of a module's source (static, re-exports and dynamic). */
export function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(IMPORT)) found.push((m[1] ?? m[2])!);
  return found;
}

/** A relative specifier as the source file it names, relative to root; undefined for packages. */
function resolve(root: string, from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.join(path.dirname(from), spec);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')]) {
    if (existsSync(path.join(root, candidate))) return candidate;
  }
  return undefined;
}

/** Strongly connected components with more than one module (or a module importing itself). */
export function findCycles(graph: Graph): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    indices.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, indices.get(w)!));
      }
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return cycles;
}

/** Why a domain module may not import `spec` (resolved to `target` when relative); undefined when it may. */
export function domainViolation(spec: string, target: string | undefined): string | undefined {
  if (target === undefined) {
    return DOMAIN_FORBIDDEN_PACKAGES.test(spec) ? `imports the package ${spec}` : undefined;
  }
  const [top, second] = target.split(path.sep);
  if (top !== 'src') return `imports ${target}, outside src/`;
  const name = second!.replace(/\.ts$/, '');
  if (DOMAIN_FORBIDDEN_DIRS.includes(name) || DOMAIN_FORBIDDEN_FILES.includes(name)) {
    return `imports ${target}`;
  }
  return undefined;
}

export function checkArchitecture(root: string): string[] {
  const findings: string[] = [];
  const graph: Graph = new Map();
  for (const file of listSources(root)) {
    const source = readFileSync(path.join(root, file), 'utf8');
    const lines = source.split('\n').length - (source.endsWith('\n') ? 1 : 0);
    if (lines > MAX_LINES) findings.push(`${file}: ${lines} lines (at most ${MAX_LINES})`);
    const edges: string[] = [];
    for (const spec of importsOf(source)) {
      const target = resolve(root, file, spec);
      if (target) edges.push(target);
      if (file.startsWith(path.join('src', 'domain') + path.sep)) {
        const why = domainViolation(spec, target);
        if (why) findings.push(`${file}: domain code ${why}`);
      }
    }
    graph.set(file, edges);
  }
  for (const cycle of findCycles(graph)) findings.push(`import cycle: ${cycle.join(' ↔ ')}`);
  return findings;
}

if (require.main === module) {
  const findings = checkArchitecture(path.join(__dirname, '..'));
  for (const f of findings) console.error(f);
  if (findings.length > 0) process.exit(1);
  console.log('architecture: no cycle, domain imports clean, files within the line limit');
}
