import { AVATAR_SIZE, MAX_AVATAR_BYTES } from '../protocol';

/**
 * A picture chosen by the member, made into the small square the server keeps: the middle of the picture,
 * scaled to AVATAR_SIZE, as WebP (PNG where the browser cannot write WebP). Throws when the file is not a
 * picture the browser can read.
 */
export async function squareAvatar(file: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(file);
  const side = Math.min(bitmap.width, bitmap.height);
  const canvas = document.createElement('canvas');
  canvas.width = AVATAR_SIZE;
  canvas.height = AVATAR_SIZE;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('canvas');
  context.imageSmoothingQuality = 'high';
  context.drawImage(
    bitmap,
    (bitmap.width - side) / 2,
    (bitmap.height - side) / 2,
    side,
    side,
    0,
    0,
    AVATAR_SIZE,
    AVATAR_SIZE,
  );
  bitmap.close();
  const encode = (type: string, quality?: number) =>
    new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, type, quality));
  const webp = await encode('image/webp', 0.85);
  if (webp && webp.type === 'image/webp' && webp.size <= MAX_AVATAR_BYTES) return webp;
  const png = await encode('image/png');
  if (!png) throw new Error('encode');
  return png;
}
