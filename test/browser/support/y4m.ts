import { PNG } from 'pngjs';

export interface Y4mOptions {
  width?: number;
  height?: number;
  frames?: number;
  fps?: number;
}

/**
 * Turns a PNG (the member's QR card) into a YUV4MPEG2 4:2:0 video that
 * Chromium's fake camera plays in a loop: the image centred on a white canvas
 * (scaled down, nearest neighbour, only when it does not fit), BT.601 limited range.
 */
export function pngToY4m(png: Buffer, opts: Y4mOptions = {}): Buffer {
  const W = opts.width ?? 640;
  const H = opts.height ?? 480;
  const frames = opts.frames ?? 5;
  const fps = opts.fps ?? 15;
  if (W % 2 || H % 2) throw new Error('4:2:0 needs even width and height');
  const img = PNG.sync.read(png);
  const scale = Math.min(1, W / img.width, H / img.height);
  const w = Math.floor(img.width * scale);
  const h = Math.floor(img.height * scale);
  const x0 = Math.floor((W - w) / 2);
  const y0 = Math.floor((H - h) / 2);

  // RGB of the canvas, white where the image does not reach; alpha blended onto white.
  const rgb = new Uint8Array(W * H * 3).fill(255);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(img.height - 1, Math.floor(y / scale));
    for (let x = 0; x < w; x++) {
      const sx = Math.min(img.width - 1, Math.floor(x / scale));
      const si = (sy * img.width + sx) * 4;
      const a = img.data[si + 3] / 255;
      const di = ((y0 + y) * W + (x0 + x)) * 3;
      for (let c = 0; c < 3; c++) rgb[di + c] = Math.round(img.data[si + c] * a + 255 * (1 - a));
    }
  }

  const Y = Buffer.alloc(W * H);
  const U = Buffer.alloc((W / 2) * (H / 2));
  const V = Buffer.alloc((W / 2) * (H / 2));
  const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
  for (let i = 0; i < W * H; i++) {
    const r = rgb[i * 3];
    const g = rgb[i * 3 + 1];
    const b = rgb[i * 3 + 2];
    Y[i] = clamp(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255);
  }
  for (let y = 0; y < H / 2; y++) {
    for (let x = 0; x < W / 2; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ]) {
        const i = ((2 * y + dy) * W + 2 * x + dx) * 3;
        r += rgb[i];
        g += rgb[i + 1];
        b += rgb[i + 2];
      }
      r /= 4;
      g /= 4;
      b /= 4;
      U[y * (W / 2) + x] = clamp(128 + (-37.797 * r - 74.203 * g + 112 * b) / 255);
      V[y * (W / 2) + x] = clamp(128 + (112 * r - 93.786 * g - 18.214 * b) / 255);
    }
  }

  const header = Buffer.from(`YUV4MPEG2 W${W} H${H} F${fps}:1 Ip A1:1 C420jpeg\n`, 'ascii');
  const frame = Buffer.concat([Buffer.from('FRAME\n', 'ascii'), Y, U, V]);
  return Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]);
}
