import jsQR from 'jsqr';

/**
 * The device camera as a QR reader: getUserMedia into a <video>, frames drawn
 * onto a canvas a few times a second and decoded with jsQR (BarcodeDetector is
 * missing on Linux Chromium, so it is not relied on).
 */
export class QrScanner {
  private stream: MediaStream | null = null;
  private timer: number | null = null;
  private readonly canvas = document.createElement('canvas');
  private readonly ctx = this.canvas.getContext('2d', { willReadFrequently: true });
  private busy = false;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly onCode: (text: string) => void | Promise<void>,
    private readonly onStatus: (text: string, state: 'idle' | 'running' | 'error') => void,
  ) {}

  get running(): boolean {
    return this.stream !== null;
  }

  async start(): Promise<void> {
    if (this.stream) return;
    if (!navigator.mediaDevices?.getUserMedia) {
      this.onStatus(
        'No camera access here (the page needs https or localhost). Enter the member number below.',
        'error',
      );
      return;
    }
    try {
      this.onStatus('Starting camera…', 'idle');
      this.stream = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
      });
    } catch (e) {
      const name = e instanceof DOMException ? e.name : '';
      this.onStatus(
        name === 'NotAllowedError'
          ? 'Camera permission was refused. Allow the camera, or enter the member number below.'
          : 'No camera found. Enter the member number below.',
        'error',
      );
      return;
    }
    this.video.srcObject = this.stream;
    this.video.muted = true;
    this.video.setAttribute('playsinline', '');
    try {
      await this.video.play();
    } catch {
      // autoplay of a muted stream is allowed; if not, frames still arrive once the user taps
    }
    this.onStatus('Point the camera at the member card.', 'running');
    this.timer = window.setInterval(() => void this.tick(), 150);
  }

  stop(): void {
    if (this.timer !== null) window.clearInterval(this.timer);
    this.timer = null;
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = null;
    this.video.srcObject = null;
  }

  /** Pause decoding while a scan is being looked up, so one card is not sent twice. */
  private async tick(): Promise<void> {
    if (this.busy || !this.ctx) return;
    const v = this.video;
    if (v.readyState < v.HAVE_CURRENT_DATA || !v.videoWidth) return;
    // Decode at most 800 px wide: fast enough for a 150 ms loop on a phone.
    const scale = Math.min(1, 800 / v.videoWidth);
    const w = Math.round(v.videoWidth * scale);
    const hgt = Math.round(v.videoHeight * scale);
    if (this.canvas.width !== w) this.canvas.width = w;
    if (this.canvas.height !== hgt) this.canvas.height = hgt;
    this.ctx.drawImage(v, 0, 0, w, hgt);
    const img = this.ctx.getImageData(0, 0, w, hgt);
    const code = jsQR(img.data, w, hgt, { inversionAttempts: 'attemptBoth' });
    if (!code?.data) return;
    this.busy = true;
    try {
      await this.onCode(code.data);
    } finally {
      this.busy = false;
    }
  }
}
