import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, ErrorCode } from '@regulars/core';
import { firstRefusedValue } from './unicode';
import { memoizeValidationMetadata } from './validation-metadata-cache';

function flatten(errors: ValidationError[], parent = ''): { field: string; problems: string[] }[] {
  const out: { field: string; problems: string[] }[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    if (e.constraints) out.push({ field, problems: Object.values(e.constraints) });
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

/**
 * The global pipe: every body, query and path parameter of every route passes
 * here. Strings that are not well-formed Unicode (lone surrogates) and values
 * nested deeper than any route needs are refused first, whatever the DTO says;
 * then class-validator checks the DTO.
 */
class RegularsValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const root = metadata.type === 'body' ? 'body' : (metadata.data ?? metadata.type);
      const refused = firstRefusedValue(value, root);
      if (refused) {
        const field = refused.field.replace(/^body\.?/, '') || 'body';
        throw new DomainError(ErrorCode.VALIDATION_FAILED, `Invalid input: ${field} ${refused.problem}`, {
          fields: [{ field, problems: [refused.problem] }],
        });
      }
    }
    return super.transform(value, metadata);
  }
}

/** whitelist + forbidNonWhitelisted + transform; failures become VALIDATION_FAILED with per-field details. */
export function createValidationPipe(): ValidationPipe {
  memoizeValidationMetadata();
  return new RegularsValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return new DomainError(
        ErrorCode.VALIDATION_FAILED,
        `Invalid input: ${fields.map((f) => f.field).join(', ') || 'body'}`,
        { fields },
      );
    },
  });
}
