import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type Lookup = Storage['getTargetValidationMetadatas'];
type Metadata = ReturnType<Lookup>;
type Grouped = ReturnType<Storage['groupByPropertyName']>;

const installed = new WeakSet<Storage>();

/**
 * Remembers class-validator's metadata look-ups per DTO class.
 *
 * class-validator (0.15) answers `getTargetValidationMetadatas` by testing the
 * class against every decorated class of the app (`prototype instanceof`, to
 * find inherited rules), on every validated object: each request body and each
 * nested line. Its cost grows with the number of DTO classes, and it was the
 * top frame of the validation pipe in the counter's CPU profile
 * (docs/BENCHMARKS.md, run J; upstream: typestack/class-validator#2686).
 *
 * A class's answer depends only on the metadata registered for it and its
 * ancestors, which is complete once the class is loaded; so the answer is kept
 * per class and per argument tuple (schema, always, strictGroups, groups).
 * Any later registration (a decorator applied at run time) empties the cache,
 * so an answer is never older than the metadata. Grouping by property name is
 * kept for the same arrays. The arrays are shared: class-validator only reads
 * them (ValidationExecutor filters into new arrays).
 *
 * Idempotent per storage; installed by the validation pipe.
 */
export function memoizeValidationMetadata(storage: Storage = getMetadataStorage()): void {
  if (installed.has(storage)) return;
  installed.add(storage);
  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  let byClass = new WeakMap<object, Map<string, Metadata>>();
  let grouped = new WeakMap<Metadata, Grouped>();

  storage.addValidationMetadata = (metadata) => {
    byClass = new WeakMap();
    grouped = new WeakMap();
    add(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups ? groups.join('\u0001') : '\u0002'}`;
    let answers = byClass.get(target);
    if (!answers) byClass.set(target, (answers = new Map()));
    let answer = answers.get(key);
    if (!answer) answers.set(key, (answer = lookup(target, schema, always, strictGroups, groups)));
    return answer;
  };
  storage.groupByPropertyName = (metadata) => {
    let g = grouped.get(metadata);
    if (!g) grouped.set(metadata, (g = group(metadata)));
    return g;
  };
}
