import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import * as ts from 'typescript';

/**
 * The tenant id is a required argument of every repository method, checked with the
 * TypeScript type checker over every `*.repository.ts` of apps/api/src (and the
 * TenantRepository base):
 *
 * - a public method takes `businessId: string` as its FIRST parameter (required, not optional);
 * - an exported function takes a required `businessId: string` parameter, or a required
 *   parameter whose type has a required `businessId: string` property (the event to record);
 * - the exceptions are marked `@crossTenant <reason>` in their doc comment (login by email
 *   before the business is known, the outbox relay that serves every business, ...).
 */

const SRC = resolve(__dirname, '..');

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (name.endsWith('.repository.ts')) out.push(p);
  }
  return out;
}

interface Finding {
  where: string;
  problem: string;
}

export function checkTenantScope(fileNames: string[], program?: ts.Program): Finding[] {
  const prog =
    program ??
    ts.createProgram(fileNames, {
      strict: true,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      skipLibCheck: true,
      noEmit: true,
      baseUrl: resolve(SRC, '../../..'),
      paths: { '@regulars/*': ['libs/*/src'] },
    });
  const checker = prog.getTypeChecker();
  const findings: Finding[] = [];

  const crossTenant = (node: ts.Node): boolean =>
    ts
      .getJSDocTags(node)
      .some((t) => t.tagName.text === 'crossTenant' && !!ts.getTextOfJSDocComment(t.comment)?.trim());

  const isString = (t: ts.Type) => (t.flags & ts.TypeFlags.String) !== 0;

  const isBusinessIdParam = (p: ts.ParameterDeclaration): boolean =>
    ts.isIdentifier(p.name) &&
    p.name.text === 'businessId' &&
    !p.questionToken &&
    !p.initializer &&
    isString(checker.getTypeAtLocation(p));

  const carriesBusinessId = (p: ts.ParameterDeclaration): boolean => {
    if (p.questionToken || p.initializer) return false;
    const prop = checker.getTypeAtLocation(p).getProperty('businessId');
    if (!prop || prop.flags & ts.SymbolFlags.Optional) return false;
    return isString(checker.getTypeOfSymbolAtLocation(prop, p));
  };

  for (const fileName of fileNames) {
    const sf = prog.getSourceFile(fileName);
    if (!sf) throw new Error(`not compiled: ${fileName}`);
    const where = (n: ts.Node, name: string) =>
      `${relative(SRC, fileName).split(sep).join('/')}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1} ${name}`;
    sf.forEachChild(function visit(node) {
      if (ts.isClassDeclaration(node)) {
        for (const m of node.members) {
          if (!ts.isMethodDeclaration(m) || !m.body) continue;
          const mods = ts.getCombinedModifierFlags(m);
          if (mods & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
          if (ts.isPrivateIdentifier(m.name)) continue;
          const name = `${node.name?.text ?? '?'}.${m.name.getText(sf)}`;
          if (crossTenant(m)) continue;
          const first = m.parameters[0];
          if (!first || !isBusinessIdParam(first))
            findings.push({
              where: where(m, name),
              problem:
                'first parameter must be businessId: string (or mark the method @crossTenant <reason>)',
            });
        }
      } else if (ts.isFunctionDeclaration(node) && node.name && node.body) {
        const exported = ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Export;
        if (!exported || crossTenant(node)) return;
        if (!node.parameters.some((p) => isBusinessIdParam(p) || carriesBusinessId(p)))
          findings.push({
            where: where(node, node.name.text),
            problem:
              'needs a required businessId: string parameter, or one whose type has a required businessId (or @crossTenant <reason>)',
          });
      }
    });
  }
  return findings;
}

describe('tenant scope of repositories', () => {
  const all = [...files(SRC), join(SRC, 'database', 'tenant-repository.ts')];
  const checked = all;

  it('covers the repositories of the app', () => {
    const names = checked.map((f) => relative(SRC, f).split(sep).join('/'));
    for (const expected of [
      'businesses/businesses.repository.ts',
      'members/members.repository.ts',
      'members/sign-in-codes.repository.ts',
      'rules/rules.repository.ts',
      'products/products.repository.ts',
      'console/console.repository.ts',
      'events/events.repository.ts',
      'messaging/messaging.repository.ts',
      'messaging/triggers.repository.ts',
      'rebates/rebates.repository.ts',
      'pos/pos.repository.ts',
      'tiers/tiers.repository.ts',
      'database/tenant-repository.ts',
    ])
      expect(names).toContain(expected);
  });

  it('every repository method takes the business id first (or says why not)', () => {
    expect(checkTenantScope(checked)).toEqual([]);
  }, 60_000);

  it('refuses a method without the business id, an optional one, a wrong type, and a bare @crossTenant', () => {
    const dir = resolve(SRC, '..', '..', '..', 'test', 'architecture');
    const file = join(dir, 'probe.repository.ts');
    const text = `
      export class ProbeRepository {
        ok(businessId: string, id: string): string { return businessId + id; }
        /** @crossTenant login by email, before the business is known */
        byEmail(email: string): string { return email; }
        missing(id: string): string { return id; }
        optional(businessId?: string): string { return businessId ?? ''; }
        wrongType(businessId: number): number { return businessId; }
        /** @crossTenant */
        noReason(id: string): string { return id; }
        second(id: string, businessId: string): string { return id + businessId; }
        private helper(x: number): number { return x; }
      }
      export function record(tx: unknown, e: { businessId: string; type: string }): unknown { return [tx, e]; }
      export function loose(tx: unknown, e: { businessId?: string }): unknown { return [tx, e]; }
    `;
    const host = ts.createCompilerHost({ strict: true, noEmit: true });
    const original = host.getSourceFile.bind(host);
    host.getSourceFile = (name, lang, ...rest) =>
      name === file ? ts.createSourceFile(name, text, lang, true) : original(name, lang, ...rest);
    const program = ts.createProgram([file], { strict: true, noEmit: true }, host);
    const found = checkTenantScope([file], program).map((f) => f.where.replace(/^.*:\d+ /, ''));
    expect(found.sort()).toEqual(
      [
        'ProbeRepository.missing',
        'ProbeRepository.optional',
        'ProbeRepository.wrongType',
        'ProbeRepository.noReason',
        'ProbeRepository.second',
        'loose',
      ].sort(),
    );
  });
});
