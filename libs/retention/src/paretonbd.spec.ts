/** The optional Pareto/NBD model on CDNOW (published values: CLVTools and lifetimes test suites). */
import { cdnowSamplePurchases } from '../test/cdnow';
import { fitParetoNbd, paretoNbdPAlive } from './paretonbd';
import { summarize } from './summary';

function expectClose(actual: number, expected: number, decimals: number): void {
  expect(Math.abs(actual - expected)).toBeLessThan(0.5 * 10 ** -decimals);
}

const summaries = summarize(cdnowSamplePurchases(), { calibrationEnd: '1997-09-30', timeUnitDays: 7 });

describe('Pareto/NBD on CDNOW (optional model)', () => {
  const fit = fitParetoNbd(summaries);

  it('converges to the published r, alpha, s, beta (3 decimals) and log-likelihood (-9595.0)', () => {
    expect(fit.converged).toBe(true);
    expectClose(fit.params.r, 0.553, 3);
    expectClose(fit.params.alpha, 10.578, 3);
    expectClose(fit.params.s, 0.606, 3);
    expectClose(fit.params.beta, 11.669, 3);
    expectClose(fit.ll, -9595.0, 1);
  });

  it('P(alive) equals an independent mpmath evaluation of the same formula', () => {
    // mpmath at 30 digits, at r, alpha, s, beta = 0.5532770516987576, 10.577683511020908, 0.60623995479983, 11.668734127512929
    const p = {
      r: 0.5532770516987576,
      alpha: 10.577683511020908,
      s: 0.60623995479983,
      beta: 11.668734127512929,
    };
    expectClose(paretoNbdPAlive(p, 2, 30.43, 38.86), 0.869115664800041, 12);
    expectClose(paretoNbdPAlive(p, 0, 0, 38.86), 0.29509580310388, 12);
    expectClose(paretoNbdPAlive(p, 10, 35, 38.86), 0.927303195192959, 12);
    // The other branch of the likelihood (alpha >= beta): r, alpha, s, beta = 0.5, 12, 0.6, 8.
    const q = { r: 0.5, alpha: 12, s: 0.6, beta: 8 };
    expectClose(paretoNbdPAlive(q, 2, 30.43, 38.86), 0.861571428774004, 12);
    expectClose(paretoNbdPAlive(q, 0, 0, 38.86), 0.250179725223005, 12);
    expectClose(paretoNbdPAlive(q, 5, 3, 38.86), 0.0040725332294027, 12);
  });
});
