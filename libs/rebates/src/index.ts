/** @regulars/rebates — pure calculations, no I/O. */
export {};
