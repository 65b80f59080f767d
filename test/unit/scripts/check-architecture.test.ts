import {
  checkArchitecture,
  domainViolation,
  findCycles,
  importsOf,
  type Graph,
} from '../../../scripts/check-architecture';
import path from 'node:path';

describe('check-architecture', () => {
  it('reads static, type-only, re-export and dynamic imports', () => {
    const source = [
      "import { a } from './a';",
      "import type { B } from '../b';",
      "export { c } from './c';",
      "export type { D } from './d';",
      "const e = await import('./e');",
      "import './side-effect';",
    ].join('\n');
    expect(importsOf(source)).toEqual(['./a', '../b', './c', './d', './e', './side-effect']);
  });

  it('finds a cycle, a self-import, and nothing in a tree', () => {
    const graph: Graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['d']],
      ['e', ['a', 'f']],
      ['f', []],
    ]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c'], ['d']]);
    expect(
      findCycles(
        new Map([
          ['x', ['y']],
          ['y', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('keeps the domain away from adapters, edges, config and frameworks', () => {
    const at = (p: string) => path.join(...p.split('/'));
    expect(domainViolation('../../stores/memory', at('src/stores/memory/index.ts'))).toMatch(/stores/);
    expect(domainViolation('../../wecom/wecom-client', at('src/wecom/wecom-client.ts'))).toBeDefined();
    expect(domainViolation('../../config', at('src/config.ts'))).toBeDefined();
    expect(domainViolation('koa', undefined)).toBe('imports the package koa');
    expect(domainViolation('mongoose', undefined)).toBeDefined();
    expect(domainViolation('../../shared/clock', at('src/shared/clock.ts'))).toBeUndefined();
    expect(domainViolation('../ports/stores', at('src/domain/ports/stores.ts'))).toBeUndefined();
    expect(domainViolation('zod', undefined)).toBeUndefined();
  });

  it('passes on this repository', () => {
    expect(checkArchitecture(path.join(__dirname, '..', '..', '..'))).toEqual([]);
  });
});
