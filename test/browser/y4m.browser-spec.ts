import { PNG } from 'pngjs';
import { pngToY4m } from './support/y4m';

/** The fake camera's video: checked byte by byte, since a wrong plane size only shows as a garbled picture. */
describe('pngToY4m', () => {
  function png(
    width: number,
    height: number,
    pixel: (x: number, y: number) => [number, number, number, number],
  ) {
    const img = new PNG({ width, height });
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        [img.data[i], img.data[i + 1], img.data[i + 2], img.data[i + 3]] = pixel(x, y);
      }
    return PNG.sync.write(img);
  }

  it('writes the YUV4MPEG2 header and whole 4:2:0 frames', () => {
    const out = pngToY4m(
      png(4, 4, () => [0, 0, 0, 255]),
      { width: 8, height: 6, frames: 3, fps: 10 },
    );
    const header = 'YUV4MPEG2 W8 H6 F10:1 Ip A1:1 C420jpeg\n';
    expect(out.subarray(0, header.length).toString('ascii')).toBe(header);
    const frame = 'FRAME\n'.length + 8 * 6 + 2 * (4 * 3);
    expect(out.length).toBe(header.length + 3 * frame);
    expect(out.subarray(header.length, header.length + 6).toString('ascii')).toBe('FRAME\n');
  });

  it('centres the image on white: black is Y 16, white Y 235, chroma neutral', () => {
    const out = pngToY4m(
      png(2, 2, () => [0, 0, 0, 255]),
      { width: 6, height: 4, frames: 1 },
    );
    const start = out.indexOf('FRAME\n') + 'FRAME\n'.length;
    const Y = [...out.subarray(start, start + 24)];
    // rows of 6: the 2x2 black square sits at x 2-3, y 1-2
    expect(Y).toEqual([
      235, 235, 235, 235, 235, 235, 235, 235, 16, 16, 235, 235, 235, 235, 16, 16, 235, 235, 235, 235, 235,
      235, 235, 235,
    ]);
    const chroma = [...out.subarray(start + 24)];
    expect(chroma).toEqual(new Array(12).fill(128));
  });

  it('scales an image larger than the canvas down to fit, and blends transparency onto white', () => {
    const out = pngToY4m(
      png(20, 20, (x) => (x < 10 ? [0, 0, 0, 255] : [0, 0, 0, 0])),
      { width: 10, height: 10, frames: 1 },
    );
    const start = out.indexOf('FRAME\n') + 'FRAME\n'.length;
    const row = [...out.subarray(start + 50, start + 60)];
    expect(row).toEqual([16, 16, 16, 16, 16, 235, 235, 235, 235, 235]);
  });
});
