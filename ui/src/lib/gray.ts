// Camera frames are sent to Rust as 8-bit gray (a quarter of the RGBA bytes); the QR decoder
// works on luma only.

/** RGBA pixels (as from canvas getImageData) -> one luma byte per pixel (BT.601 weights). */
export function rgbaToGray(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): Uint8Array {
  const count = width * height;
  if (rgba.length < count * 4) throw new RangeError('frame smaller than width x height');
  const gray = new Uint8Array(count);
  for (let i = 0, j = 0; i < count; i++, j += 4) {
    gray[i] = (rgba[j] * 77 + rgba[j + 1] * 150 + rgba[j + 2] * 29) >> 8;
  }
  return gray;
}

/** Frame size that keeps the aspect ratio and is at most `maxWidth` wide. */
export function scaledSize(width: number, height: number, maxWidth = 640): { width: number; height: number } {
  if (width <= maxWidth) return { width, height };
  return { width: maxWidth, height: Math.round((height * maxWidth) / width) };
}
