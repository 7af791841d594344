import { describe, expect, it } from 'vitest';
import { rgbaToGray, scaledSize } from './gray';

describe('gray frames', () => {
  it('turns RGBA into one luma byte per pixel', () => {
    const rgba = new Uint8ClampedArray([255, 255, 255, 255, 0, 0, 0, 255, 255, 0, 0, 255, 0, 255, 0, 255]);
    expect(Array.from(rgbaToGray(rgba, 2, 2))).toEqual([255, 0, 76, 149]);
  });

  it('refuses a buffer smaller than the frame', () => {
    expect(() => rgbaToGray(new Uint8Array(4), 2, 1)).toThrow(RangeError);
  });

  it('scales wide frames down to 640 keeping the aspect ratio', () => {
    expect(scaledSize(1280, 720)).toEqual({ width: 640, height: 360 });
    expect(scaledSize(320, 240)).toEqual({ width: 320, height: 240 });
  });
});
