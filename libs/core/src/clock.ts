/**
 * Time comes from an injectable clock so that tests can pin and move it.
 * Nest modules inject the abstract class `Clock`; libraries take it as a
 * plain constructor argument.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock for tests: starts at a fixed instant and moves only when told. */
export class FixedClock extends Clock {
  private current: number;
  constructor(start: Date | string | number = '2026-01-15T10:00:00Z') {
    super();
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date | string | number): void {
    this.current = new Date(to).getTime();
  }
  advance(ms: number): void {
    this.current += ms;
  }
}
