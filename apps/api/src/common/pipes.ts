import { ParseUUIDPipe } from '@nestjs/common';
import { DomainError, ErrorCode } from '@regulars/core';

/**
 * Path ids are UUIDs of any version (rows get v4 from gen_random_uuid(),
 * purchases time-ordered v7); anything else is a 400 with the one error body.
 */
export const UUID = new ParseUUIDPipe({
  exceptionFactory: () =>
    new DomainError(ErrorCode.VALIDATION_FAILED, 'The id in the path must be a UUID', {
      fields: [{ field: 'id', problems: ['must be a UUID'] }],
    }),
});
