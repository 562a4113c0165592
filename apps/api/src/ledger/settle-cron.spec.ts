import { settleEveryMinutes, settleMatcher } from './settle-cron';

const at = (hour: number, min: number) => ({ hour, min, date: 1, month: 1, dow: 1 });

describe('settle cron from LEDGER_SETTLE_SECONDS', () => {
  it('rounds up to whole minutes; 0 is off; at most once a day', () => {
    expect(settleEveryMinutes(0)).toBeNull();
    expect(settleEveryMinutes(1)).toBe(1);
    expect(settleEveryMinutes(60)).toBe(1);
    expect(settleEveryMinutes(61)).toBe(2);
    expect(settleEveryMinutes(300)).toBe(5);
    expect(settleEveryMinutes(86400)).toBe(1440);
  });

  it('matches the minutes of the day that are multiples of the period', () => {
    const every5 = settleMatcher(5);
    const hits: string[] = [];
    for (let m = 0; m < 15; m++) if (every5(at(0, m))) hits.push(`00:${m}`);
    expect(hits).toEqual(['00:0', '00:5', '00:10']);
    expect(settleMatcher(1)(at(13, 37))).toBe(true);
    const daily = settleMatcher(1440);
    expect([daily(at(0, 0)), daily(at(12, 0)), daily(at(23, 59))]).toEqual([true, false, false]);
    // 7 does not divide a day: the last run of the day is at 23:55, the next at 00:00.
    const every7 = settleMatcher(7);
    expect([every7(at(23, 55)), every7(at(0, 0)), every7(at(0, 7))]).toEqual([true, true, true]);
  });
});
