/** @regulars/tiers — pure calculations, no I/O. */
export {};
