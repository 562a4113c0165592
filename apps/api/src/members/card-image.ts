import QRCode from 'qrcode';

/** QR images of a card payload: error correction M, a quiet zone of 4 modules, black on white for contrast. */
export function cardPng(payload: string, width = 480): Promise<Buffer> {
  return QRCode.toBuffer(payload, {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 4,
    width,
    color: { dark: '#000000', light: '#ffffff' },
  });
}

export function cardSvg(payload: string): Promise<string> {
  return QRCode.toString(payload, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 4,
    color: { dark: '#000000', light: '#ffffff' },
  });
}
