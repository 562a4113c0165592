import { parseAmount, parseDateTime, parseMapping, parseRow, resolveColumns } from './csv-rows';

describe('purchase-history rows', () => {
  it('reads dates with and without time and offset, and refuses impossible ones', () => {
    expect(parseDateTime('2025-03-01')).toEqual({ local: '2025-03-01 00:00:00', offset: null });
    expect(parseDateTime('2025-03-01 08:15')).toEqual({ local: '2025-03-01 08:15:00', offset: null });
    expect(parseDateTime('2025-03-01T08:15:30.25Z')).toEqual({
      local: '2025-03-01 08:15:30.25',
      offset: '+00:00',
    });
    expect(parseDateTime('2025-03-01T08:15:30-0530')).toEqual({
      local: '2025-03-01 08:15:30',
      offset: '-05:30',
    });
    expect(parseDateTime('2025-03-01 08:15+02')).toEqual({ local: '2025-03-01 08:15:00', offset: '+02:00' });
    expect(parseDateTime('2024-02-29')).toEqual({ local: '2024-02-29 00:00:00', offset: null });
    expect(parseDateTime('2025-02-29')).toBe('not a calendar date');
    expect(parseDateTime('2025-13-01')).toBe('not a calendar date');
    expect(parseDateTime('2025-01-01 24:00')).toBe('not a time of day');
    expect(parseDateTime('2025-01-01 10:00+15:00')).toBe('not a time zone offset');
    expect(typeof parseDateTime('01/03/2025')).toBe('string');
    expect(typeof parseDateTime('')).toBe('string');
  });

  it('turns decimal amounts into minor units of the currency', () => {
    expect(parseAmount('4.20', 2)).toBe(420);
    expect(parseAmount('4.2', 2)).toBe(420);
    expect(parseAmount('7', 2)).toBe(700);
    expect(parseAmount('0', 2)).toBe(0);
    expect(parseAmount('1500', 0)).toBe(1500);
    expect(parseAmount('1.234', 3)).toBe(1234);
    expect(parseAmount('12.345', 2)).toBe('more than 2 decimals');
    expect(parseAmount('12.5', 0)).toBe('this currency has no decimals');
    expect(parseAmount('-2.50', 2)).toMatch(/^negative/);
    expect(typeof parseAmount('1,5', 2)).toBe('string');
    expect(typeof parseAmount('abc', 2)).toBe('string');
    expect(typeof parseAmount('1e3', 2)).toBe('string');
  });

  it('maps fields to headers, case-insensitively, and names what is missing', () => {
    expect(parseMapping(undefined)).toEqual({});
    expect(parseMapping('purchase_id=Receipt, amount = Total')).toEqual({
      purchase_id: 'Receipt',
      amount: 'Total',
    });
    expect(() => parseMapping('price=Total')).toThrow(/field=Header/);
    expect(() => parseMapping('amount=A,amount=B')).toThrow(/twice/);
    expect(() => parseMapping('amount')).toThrow(/field=Header/);
    const cols = resolveColumns(
      ['Receipt', 'customer_id', 'DATE', 'Total', 'category'],
      parseMapping('purchase_id=receipt,amount=Total'),
    );
    expect(cols).toEqual({ purchase_id: 0, customer_id: 1, date: 2, amount: 3, category: 4 });
    expect(() => resolveColumns(['purchase_id', 'date'], {})).toThrow(
      'customer_id (column "customer_id"), amount (column "amount")',
    );
    expect(() =>
      resolveColumns(['purchase_id', 'customer_id', 'date', 'amount'], { sku: 'Article' }),
    ).toThrow(/sku \(column "Article"\)/);
  });

  it('checks a whole row and reports every problem in it', () => {
    const ctx = {
      columns: { purchase_id: 0, customer_id: 1, date: 2, amount: 3, customer_email: 4, category: 5 },
      currencyDigits: 2,
      now: new Date('2026-03-02T09:00:00Z'),
    };
    expect(parseRow([' R-1 ', 'C-1', '2025-03-01 08:15', '4.20', 'Jane@Example.TEST', ''], ctx)).toEqual({
      purchaseId: 'R-1',
      customerId: 'C-1',
      local: '2025-03-01 08:15:00',
      offset: null,
      amount: 420,
      customerName: null,
      customerEmail: 'jane@example.test',
      sku: null,
      category: null,
    });
    expect(parseRow(['', 'C\u0001', '2026-03-04', '-1', 'x', 'c'.repeat(65)], ctx)).toEqual([
      { field: 'customer_id', problem: 'contains control characters' },
      { field: 'category', problem: 'longer than 64 characters' },
      { field: 'purchase_id', problem: 'missing' },
      { field: 'date', problem: 'in the future' },
      { field: 'amount', problem: 'negative: returns and refunds are not imported' },
      { field: 'customer_email', problem: 'not an email address' },
    ]);
    // Within a day of now is accepted (time zones), beyond is not.
    expect(Array.isArray(parseRow(['R', 'C', '2026-03-03T08:00:00Z', '1', '', ''], ctx))).toBe(false);
    expect(parseRow(['R', 'C', '2026-03-03T10:00:00Z', '1', '', ''], ctx)).toEqual([
      { field: 'date', problem: 'in the future' },
    ]);
  });
});
