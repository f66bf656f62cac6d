import { checkUpload, type UploadProblem } from '@/lib/domain/attachments';
import { i18n } from '#i18n';

/** The member's words for why a file cannot be sent. */
export function problemText(problem: UploadProblem): string {
  switch (problem.code) {
    case 'type':
      return i18n.t('attachments.problems.type', [problem.contentType]);
    case 'empty':
      return i18n.t('attachments.problems.empty');
    case 'size':
      return i18n.t('attachments.problems.size', [problem.sizeMb, problem.maxMb]);
    case 'name':
      return i18n.t('attachments.problems.name');
    case 'content':
      return i18n.t('attachments.problems.content', [problem.contentType]);
  }
}

/** Checks a picked file the way the server will, before anything is uploaded. */
export async function checkPickedFile(file: File): Promise<UploadProblem | null> {
  const head = new Uint8Array(await file.slice(0, 64).arrayBuffer());
  return checkUpload({ contentType: file.type, size: file.size, name: file.name }, head);
}

const THUMBNAIL_EDGE = 320;

/**
 * A small JPEG of a picture or of a video's first frame, made here so the server never decodes media.
 * Null when the browser cannot draw it; the chat then shows the file itself.
 */
export async function makeThumbnail(file: File): Promise<Blob | null> {
  try {
    const source = file.type.startsWith('image/') ? await createImageBitmap(file) : await videoFrame(file);
    if (!source) return null;
    const scale = Math.min(1, THUMBNAIL_EDGE / Math.max(source.width, source.height));
    const canvas = new OffscreenCanvas(
      Math.max(1, Math.round(source.width * scale)),
      Math.max(1, Math.round(source.height * scale)),
    );
    canvas.getContext('2d')?.drawImage(source, 0, 0, canvas.width, canvas.height);
    return await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
  } catch {
    return null;
  }
}

async function videoFrame(file: File): Promise<ImageBitmap | null> {
  if (!file.type.startsWith('video/')) return null;
  const url = URL.createObjectURL(file);
  try {
    const video = document.createElement('video');
    video.muted = true;
    video.preload = 'auto';
    video.src = url;
    await new Promise<void>((resolve, reject) => {
      video.onloadeddata = () => resolve();
      video.onerror = () => reject(new Error('the video cannot be read'));
    });
    return await createImageBitmap(video);
  } finally {
    URL.revokeObjectURL(url);
  }
}
