import { FixedClock } from '@regulars/core';
import { backoffMs, consentAllows, frequencyCapAllows, parseClockTime, releaseTime, WEEK_MS } from './policy';

describe('consentAllows', () => {
  const at = new Date('2026-03-01T10:00:00Z');
  const later = new Date('2026-03-05T10:00:00Z');
  const never = { given: false, at: null };
  it('marketing needs consent; the newer of the log and the profile flag wins', () => {
    expect(consentAllows('marketing', null, never)).toBe(false);
    expect(consentAllows('marketing', null, { given: true, at })).toBe(true);
    expect(consentAllows('marketing', { given: false, at: later }, { given: true, at })).toBe(false);
    expect(consentAllows('marketing', { given: false, at }, { given: true, at: later })).toBe(true);
    expect(consentAllows('marketing', { given: true, at }, never)).toBe(true);
    // A tie goes to the log (an unsubscribe also updates the profile at the same instant).
    expect(consentAllows('marketing', { given: false, at }, { given: true, at })).toBe(false);
  });
  it('service messages go out unless withdrawn', () => {
    expect(consentAllows('service', null, never)).toBe(true);
    expect(consentAllows('service', { given: false, at }, { given: true, at: later })).toBe(false);
    expect(consentAllows('service', { given: true, at }, never)).toBe(true);
  });
});

describe('releaseTime (quiet hours in the business time zone)', () => {
  const berlin = 'Europe/Berlin';
  const overnight = { start: 21 * 60, end: 8 * 60 };

  it('sends at once outside quiet hours', () => {
    const clock = new FixedClock('2026-03-02T11:00:00Z'); // 12:00 in Berlin
    expect(releaseTime(clock.now(), berlin, overnight).toISOString()).toBe('2026-03-02T11:00:00.000Z');
  });

  it('holds a message sent late in the evening until 08:00 local the next morning', () => {
    const clock = new FixedClock('2026-03-02T21:30:00Z'); // 22:30 in Berlin (UTC+1)
    expect(releaseTime(clock.now(), berlin, overnight).toISOString()).toBe('2026-03-03T07:00:00.000Z');
  });

  it('holds a message sent after midnight until 08:00 the same local day', () => {
    const clock = new FixedClock('2026-03-02T23:30:00Z'); // 00:30 on 3 March in Berlin
    expect(releaseTime(clock.now(), berlin, overnight).toISOString()).toBe('2026-03-03T07:00:00.000Z');
  });

  it('the start is inside, the end is outside', () => {
    expect(releaseTime(new Date('2026-03-02T20:00:00Z'), berlin, overnight).toISOString()).toBe(
      '2026-03-03T07:00:00.000Z',
    ); // 21:00 local
    expect(releaseTime(new Date('2026-03-03T07:00:00Z'), berlin, overnight).toISOString()).toBe(
      '2026-03-03T07:00:00.000Z',
    ); // 08:00 local
  });

  it('follows daylight saving time (summer: UTC+2)', () => {
    const clock = new FixedClock('2026-07-10T20:00:00Z'); // 22:00 in Berlin
    expect(releaseTime(clock.now(), berlin, overnight).toISOString()).toBe('2026-07-11T06:00:00.000Z');
  });

  it('handles the night the clocks go forward (29 March 2026)', () => {
    const clock = new FixedClock('2026-03-28T22:00:00Z'); // 23:00 CET on the 28th
    expect(releaseTime(clock.now(), berlin, overnight).toISOString()).toBe('2026-03-29T06:00:00.000Z');
  });

  it('a daytime quiet period (13:00-15:00) ends the same day', () => {
    const lunch = { start: 13 * 60, end: 15 * 60 };
    expect(releaseTime(new Date('2026-03-02T12:30:00Z'), berlin, lunch).toISOString()).toBe(
      '2026-03-02T14:00:00.000Z',
    );
    expect(releaseTime(new Date('2026-03-02T14:00:00Z'), berlin, lunch).toISOString()).toBe(
      '2026-03-02T14:00:00.000Z',
    );
  });

  it('uses the business zone, not UTC', () => {
    // 06:00 UTC is 01:00 in New York (quiet) but 07:00 in Berlin (also quiet), 15:00 in Tokyo (not quiet).
    const at = new Date('2026-03-02T06:00:00Z');
    expect(releaseTime(at, 'America/New_York', overnight).toISOString()).toBe('2026-03-02T13:00:00.000Z');
    expect(releaseTime(at, 'Asia/Tokyo', overnight).toISOString()).toBe('2026-03-02T06:00:00.000Z');
  });

  it('no quiet hours: always now', () => {
    const at = new Date('2026-03-02T02:00:00Z');
    expect(releaseTime(at, berlin, null)).toBe(at);
  });
});

describe('frequencyCapAllows (rolling week)', () => {
  const clock = new FixedClock('2026-03-10T12:00:00Z');
  it('allows up to the cap within 7 days, then refuses', () => {
    const sent: Date[] = [];
    for (let i = 0; i < 3; i++) {
      expect(frequencyCapAllows(sent, clock.now(), 3)).toBe(true);
      sent.push(clock.now());
      clock.advance(3600_000);
    }
    expect(frequencyCapAllows(sent, clock.now(), 3)).toBe(false);
  });
  it('a message older than 7 days no longer counts', () => {
    const first = new Date('2026-03-10T12:00:00Z');
    const sent = [first, new Date('2026-03-11T12:00:00Z')];
    expect(frequencyCapAllows(sent, new Date(first.getTime() + WEEK_MS - 1), 2)).toBe(false);
    expect(frequencyCapAllows(sent, new Date(first.getTime() + WEEK_MS), 2)).toBe(true);
  });
  it('a cap of 0 refuses every marketing message', () => {
    expect(frequencyCapAllows([], clock.now(), 0)).toBe(false);
  });
});

describe('helpers', () => {
  it('back-off doubles from 30 s and stops at 6 h', () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffMs(30)).toBe(6 * 3600_000);
  });
  it('parses HH:MM', () => {
    expect(parseClockTime('08:30')).toBe(510);
    expect(parseClockTime('24:00')).toBeNull();
    expect(parseClockTime('8:30')).toBeNull();
  });
});
