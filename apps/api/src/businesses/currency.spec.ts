import { currencyDigits, defaultPurchaseLimits, purchaseLimitsOf } from './currency';

describe('purchase limits', () => {
  it('defaults per currency, in minor units of that currency', () => {
    expect(defaultPurchaseLimits('EUR')).toEqual({ confirmAbove: 10_000, limit: 200_000 });
    expect(defaultPurchaseLimits('JPY')).toEqual({ confirmAbove: 15_000, limit: 300_000 });
    expect(defaultPurchaseLimits('KWD')).toEqual({ confirmAbove: 100_000, limit: 2_000_000 }); // 3 digits
    expect(defaultPurchaseLimits('HUF')).toEqual({ confirmAbove: 4_000_000, limit: 80_000_000 });
    expect(currencyDigits('CLP')).toBe(0);
  });

  it("the business's own settings win; a default confirmation never exceeds a lower own limit", () => {
    const eur = { currency: 'EUR', purchaseConfirmAbove: null, purchaseLimit: null };
    expect(purchaseLimitsOf(eur)).toEqual({
      confirmAbove: 10_000,
      limit: 200_000,
      defaults: { confirmAbove: true, limit: true },
    });
    expect(purchaseLimitsOf({ ...eur, purchaseLimit: '5000' })).toEqual({
      confirmAbove: 5_000,
      limit: 5_000,
      defaults: { confirmAbove: true, limit: false },
    });
    expect(purchaseLimitsOf({ ...eur, purchaseConfirmAbove: '2500', purchaseLimit: '5000' })).toMatchObject({
      confirmAbove: 2_500,
      limit: 5_000,
    });
  });
});
