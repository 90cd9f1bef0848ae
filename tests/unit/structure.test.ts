import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The shape README's "Where things live" promises, checked: core/ imports no cloud SDK, its import picture
 * (type-only imports included) has no cycle, capabilities meet only through their public surface and in
 * layers, and every port stays narrow. The rule tests beside the code (`*.test.ts`) are not part of core's
 * picture: they may import the memory adapter and test support, and are checked on their own (no SDK, no
 * cloud adapter).
 */
const core = resolve(import.meta.dirname, '../../core');

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const isTest = (file: string) => file.endsWith('.test.ts');
const sources = filesUnder(core).filter((file) => !isTest(file));
const tests = filesUnder(core).filter(isTest);
const specifiers = (file: string) => [...readFileSync(file, 'utf8').matchAll(/\b(?:from|import)\s*\(?\s*'([^']+)'/g)].map((match) => match[1]!);
const imports = new Map(sources.map((file) => [file, specifiers(file).filter((s) => s.startsWith('.')).map((s) => resolve(dirname(file), s))]));

/** What one capability may import of another: its model, its ports, and what its index.ts offers. */
const PUBLIC_MODULES = new Set(['model.ts', 'ports.ts', 'index.ts']);

/**
 * The capabilities from the bottom up (README's "Where things live"); one layer may import the layers below
 * it. The modules at core/'s root (errors, auth, validation, paging, batches) are below them all.
 */
const LAYERS = [['audit', 'messaging', 'waits'], ['registry'], ['approvals'], ['rotation'], ['handover'], ['reviews']];

/** The capability folder a core file is in; undefined for the shared modules at core/'s root. */
const capabilityOf = (file: string): string | undefined => {
  const [first, ...rest] = relative(core, file).split('/');
  return rest.length > 0 ? first : undefined;
};
const layerOf = (file: string) => {
  const capability = capabilityOf(file);
  return capability === undefined ? -1 : LAYERS.findIndex((layer) => layer.includes(capability));
};

/** Groups of files that import one another, directly or around a loop (Tarjan's strongly connected components). */
function cyclicGroups(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (file: string) => {
    index.set(file, counter);
    low.set(file, counter++);
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!graph.has(target)) continue;
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(file, Math.min(low.get(file)!, index.get(target)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(relative(core, member));
    } while (member !== file);
    if (group.length > 1) groups.push(group.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return groups;
}

describe('the shape of core/', () => {
  it('imports no AWS SDK or framework: its rules run anywhere', () => {
    const leaks = sources.flatMap((file) => specifiers(file).filter((s) => /^@aws-sdk\/|^@middy\/|^aws-cdk-lib/.test(s)).map((s) => `${relative(core, file)}: ${s}`));
    expect(leaks).toEqual([]);
  });

  it('has rule tests beside the code that run on memory: no SDK, no adapter but adapters/memory', () => {
    expect(tests.length).toBeGreaterThan(0);
    const reaching = tests.flatMap((file) =>
      specifiers(file)
        .filter((s) => /^@aws-sdk\//.test(s) || (s.startsWith('.') && resolve(dirname(file), s).startsWith(resolve(core, '../adapters')) && !resolve(dirname(file), s).startsWith(resolve(core, '../adapters/memory'))))
        .map((s) => `${relative(core, file)}: ${s}`),
    );
    expect(reaching).toEqual([]);
  });

  it('has no import cycle, type-only imports included', () => {
    // The picture is read from the sources: were the reading to miss imports, every check here would pass.
    expect([...imports.values()].flat().length).toBeGreaterThan(300);
    expect(cyclicGroups(imports)).toEqual([]);
  });

  it('imports nothing outside core/ but node built-ins and a few libraries made for the job (zod, croner, csv-parse)', () => {
    const declared = (file: string) =>
      ts
        .createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest)
        .statements.flatMap((node) => ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) ? [node.moduleSpecifier.text] : []));
    const outside = sources.flatMap((file) => declared(file).filter((s) => (s.startsWith('.') ? !resolve(dirname(file), s).startsWith(core) : !/^node:|^zod$|^croner$|^csv-parse\//.test(s))).map((s) => `${relative(core, file)}: ${s}`));
    expect(outside).toEqual([]);
  });

  it('finds a cycle when there is one (the check itself can fail)', () => {
    const groups = cyclicGroups(new Map([[join(core, 'a.ts'), [join(core, 'b.ts')]], [join(core, 'b.ts'), [join(core, 'c.ts')]], [join(core, 'c.ts'), [join(core, 'a.ts')]], [join(core, 'd.ts'), [join(core, 'a.ts')]]]));
    expect(groups).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });

  it("reaches another capability only through its model, ports and index (its public surface), never its internals", () => {
    const reaches = sources.flatMap((file) => {
      const from = capabilityOf(file);
      return (imports.get(file) ?? []).filter((target) => {
        const to = capabilityOf(target);
        return from !== undefined && to !== undefined && to !== from && !(PUBLIC_MODULES.has(basename(target)) && dirname(relative(core, target)) === to);
      }).map((target) => `${relative(core, file)} -> ${relative(core, target)}`);
    });
    expect(reaches).toEqual([]);
  });

  it('layers the capabilities: each imports only those below it, and the shared modules at the root import none', () => {
    const upward = sources.flatMap((file) =>
      (imports.get(file) ?? [])
        .filter((target) => target.startsWith(core) && layerOf(target) >= layerOf(file) && capabilityOf(target) !== capabilityOf(file))
        .map((target) => `${relative(core, file)} -> ${relative(core, target)}`),
    );
    expect(upward).toEqual([]);
    expect(new Set(sources.map(capabilityOf).filter((c) => c !== undefined))).toEqual(new Set(LAYERS.flat()));
  });

  it('keeps every port narrow: at most 12 members of its own', () => {
    const wide: string[] = [];
    for (const file of sources.filter((f) => f.endsWith('ports.ts') || f.endsWith('/outbox.ts'))) {
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      source.forEachChild((node) => {
        if (ts.isInterfaceDeclaration(node) && node.members.length > 12) wide.push(`${relative(core, file)}: ${node.name.text} has ${node.members.length}`);
      });
    }
    expect(wide).toEqual([]);
  });
});

describe('the documentation of core/ and adapters/', () => {
  const adapters = resolve(import.meta.dirname, '../../adapters');
  const documented = (node: ts.Node) => ts.getJSDocCommentsAndTags(node).length > 0;

  it('gives every exported symbol a TSDoc comment', () => {
    const bare: string[] = [];
    for (const file of [...sources, ...filesUnder(adapters).filter((f) => !isTest(f))]) {
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      for (const statement of source.statements) {
        if (!ts.canHaveModifiers(statement) || !ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
        if (documented(statement) || (ts.isVariableStatement(statement) && statement.declarationList.declarations.some(documented))) continue;
        const name = ts.isVariableStatement(statement) ? statement.declarationList.declarations.map((d) => d.name.getText(source)).join(', ') : ((statement as ts.DeclarationStatement).name?.getText(source) ?? '(unnamed)');
        bare.push(`${relative(resolve(core, '..'), file)}: ${name}`);
      }
    }
    expect(bare).toEqual([]);
  });
});
