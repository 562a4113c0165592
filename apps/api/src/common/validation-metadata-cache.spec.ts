import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import {
  getMetadataStorage,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  MetadataStorage,
  Min,
  validate,
  type ValidatorOptions,
} from 'class-validator';
import { PurchaseDto, ScanRequestDto } from '../pos/pos.dto';
import { memoizeValidationMetadata } from './validation-metadata-cache';

class Base {
  @IsString()
  name!: string;
}

class Child extends Base {
  @IsInt()
  @Min(1)
  quantity!: number;
}

class GrandChild extends Child {
  @IsOptional()
  @MaxLength(3, { groups: ['short'] })
  declare name: string;
}

/** class-validator's own answer, computed afresh (the unpatched method). */
const fresh = (target: new () => object, always: boolean, strictGroups: boolean, groups?: string[]) =>
  MetadataStorage.prototype.getTargetValidationMetadatas.call(
    getMetadataStorage(),
    target,
    '',
    always,
    strictGroups,
    groups,
  );

const OPTIONS: ValidatorOptions[] = [
  {},
  { whitelist: true, forbidNonWhitelisted: true },
  { groups: ['short'] },
  { strictGroups: true },
  { always: true, groups: ['short'] },
];

const CASES: [new () => object, object][] = [
  [GrandChild, { name: 7, quantity: 0 }],
  [GrandChild, { name: 'long name', quantity: 2 }],
  [GrandChild, { quantity: 2, extra: true }],
  [Child, { name: 'x', quantity: 1 }],
  [Child, { quantity: -1 }],
  [ScanRequestDto, { memberNumber: '12' }],
  [ScanRequestDto, { memberNumber: 12, cardPayload: '', other: 1 }],
  [PurchaseDto, { transactionId: 't-1', total: 450, member: { memberNumber: '1' } }],
  [
    PurchaseDto,
    {
      transactionId: '',
      total: -1,
      member: { memberNumber: 'x' },
      lines: [{ lineId: 'a', sku: 'A', quantity: 0, unitPrice: 1 }, { lineId: 'b' }],
    },
  ],
];

/** Every case under every option set, as comparable data (property paths and constraint names). */
async function outcomes(): Promise<unknown[]> {
  type E = { property: string; constraints?: Record<string, string>; children?: E[] };
  const flat = (es: E[], at = ''): string[] =>
    es.flatMap((e) => [
      ...Object.keys(e.constraints ?? {}).map((c) => `${at}${e.property}:${c}`),
      ...flat(e.children ?? [], `${at}${e.property}.`),
    ]);
  const out: unknown[] = [];
  for (const [cls, plain] of CASES)
    for (const options of OPTIONS)
      out.push(flat((await validate(plainToInstance(cls as never, plain) as object, options)) as E[]).sort());
  return out;
}

describe('memoizeValidationMetadata', () => {
  let before: unknown[];

  beforeAll(async () => {
    before = await outcomes();
    memoizeValidationMetadata();
  });

  it('validates every case exactly as class-validator did before it was installed', async () => {
    expect(before.some((o) => (o as string[]).length > 0)).toBe(true);
    expect(before.some((o) => (o as string[]).length === 0)).toBe(true);
    expect(await outcomes()).toEqual(before);
    expect(await outcomes()).toEqual(before); // from the cache this time
  });

  it('answers what class-validator computes, per class and argument tuple, and remembers it', () => {
    const storage = getMetadataStorage();
    for (const target of [Base, Child, GrandChild, PurchaseDto, ScanRequestDto])
      for (const [always, strict, groups] of [
        [false, false, undefined],
        [true, false, undefined],
        [false, true, undefined],
        [false, false, ['short']],
        [false, true, ['short']],
      ] as [boolean, boolean, string[] | undefined][]) {
        const first = storage.getTargetValidationMetadatas(target, '', always, strict, groups);
        expect(first).toEqual(fresh(target, always, strict, groups));
        expect(storage.getTargetValidationMetadatas(target, '', always, strict, groups)).toBe(first);
        expect(storage.groupByPropertyName(first)).toBe(storage.groupByPropertyName(first));
      }
    // inherited rules are in the answer: ScanRequestDto's come from MemberRefDto
    expect(storage.getTargetValidationMetadatas(ScanRequestDto, '', false, false).length).toBeGreaterThan(0);
    // the groups are part of the key: GrandChild's group-only rule is there for its group only
    const short = storage.getTargetValidationMetadatas(GrandChild, '', false, false, ['short']);
    const other = storage.getTargetValidationMetadatas(GrandChild, '', false, false, ['other']);
    expect(short.some((m) => m.groups?.includes('short'))).toBe(true);
    expect(other.some((m) => m.groups?.includes('short'))).toBe(false);
  });

  it('forgets its answers when a rule is registered later', async () => {
    class Late {
      code!: string;
    }
    const storage = getMetadataStorage();
    expect(storage.getTargetValidationMetadatas(Late, '', false, false)).toHaveLength(0);
    IsString()(Late.prototype, 'code');
    expect(storage.getTargetValidationMetadatas(Late, '', false, false)).toEqual(fresh(Late, false, false));
    expect(storage.getTargetValidationMetadatas(Late, '', false, false)).toHaveLength(1);
    expect(await validate(Object.assign(new Late(), { code: 5 }))).toHaveLength(1);
  });

  it('is installed once', () => {
    const storage = getMetadataStorage();
    const patched = storage.getTargetValidationMetadatas;
    memoizeValidationMetadata();
    expect(storage.getTargetValidationMetadatas).toBe(patched);
  });
});
