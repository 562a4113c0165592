/**
 * @stdlib/math-base-special-hyp2f1 has a single published version (0.1.1): check it
 * against closed forms and against mpmath (30 digits) in the region BG/NBD uses:
 * a = r + x, b = b + x, c = a + b + x - 1, z = t / (alpha + T + t) in (0, 1), with
 * c - a - b = a - 1 - r < 0 for CDNOW (the series converges slowly near z = 1).
 * Before writing this test the same comparison was run on 192 points of that
 * region (r, a, b from CDNOW and three other sets, x up to 60, z up to 0.999):
 * largest relative error 8e-14.
 */
import hyp2f1 from '@stdlib/math-base-special-hyp2f1';

const rel = (actual: number, expected: number): number => Math.abs(actual - expected) / Math.abs(expected);

describe('hyp2f1 (Gauss hypergeometric 2F1)', () => {
  it.each([0.01, 0.3, 0.5, 0.9, 0.99, 0.9999])('2F1(1, 1; 2; z) = -ln(1 - z) / z at z = %p', (z) => {
    expect(rel(hyp2f1(1, 1, 2, z), -Math.log1p(-z) / z)).toBeLessThan(1e-12);
  });

  it.each([
    [0.2425945, 3.1, 0.9],
    [2.5, 0.7, 0.99],
    [7.25, 12.5, 0.5],
  ])('2F1(a, b; b; z) = (1 - z)^-a for a = %p, b = %p, z = %p', (a, b, z) => {
    expect(rel(hyp2f1(a, b, b, z), (1 - z) ** -a)).toBeLessThan(1e-12);
  });

  it.each([0.1, 0.5, 0.9, 0.999])('2F1(1/2, 1/2; 3/2; z^2) = asin(z) / z at z = %p', (z) => {
    expect(rel(hyp2f1(0.5, 0.5, 1.5, z * z), Math.asin(z) / z)).toBeLessThan(1e-12);
  });

  it.each([
    // a, b, c, z, mpmath.hyp2f1 at 30 digits (rounded to 16)
    [0.2425945, 2.4258881, 2.218808, 0.9464, 2.386215596321184],
    [2.2425945, 4.4258881, 4.218808, 0.5, 5.160365645898362],
    [20.24, 22.43, 22.22, 0.99, 7.787906144569806e40],
    [0.55, 5, 4.3, 0.999, 1174.089710739335],
    [1.5, 0.8, 1.3, 0.3, 1.392597623575222],
  ])('2F1(%p, %p; %p; %p) equals mpmath', (a, b, c, z, expected) => {
    expect(rel(hyp2f1(a, b, c, z), expected)).toBeLessThan(1e-12);
  });
});
