import { ValidateIf } from 'class-validator';

/**
 * An optional field: it may be left out, but when present it must be valid.
 * Unlike class-validator's @IsOptional(), `null` is not let through (it would
 * reach NOT NULL columns and fail as a 500 instead of a 400).
 */
export const Optional = () => ValidateIf((_obj: object, value: unknown) => value !== undefined);
