/** @regulars/retention — pure calculations, no I/O. */
export {};
