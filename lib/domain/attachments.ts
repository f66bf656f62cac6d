/**
 * What may be sent as a file in a chat (product §4): images, videos and common documents, each kind with its
 * own size limit. The type is checked against the file's first bytes, not only its name or the type the
 * sender claims, so a page cannot be smuggled in as a picture.
 */
export type AttachmentKind = 'image' | 'video' | 'file';

const MB = 1024 * 1024;

export const ATTACHMENT_TYPES: Readonly<Record<string, { kind: AttachmentKind; maxBytes: number }>> = {
  'image/jpeg': { kind: 'image', maxBytes: 10 * MB },
  'image/png': { kind: 'image', maxBytes: 10 * MB },
  'image/gif': { kind: 'image', maxBytes: 10 * MB },
  'image/webp': { kind: 'image', maxBytes: 10 * MB },
  'video/mp4': { kind: 'video', maxBytes: 50 * MB },
  'video/webm': { kind: 'video', maxBytes: 50 * MB },
  'application/pdf': { kind: 'file', maxBytes: 20 * MB },
  'application/zip': { kind: 'file', maxBytes: 20 * MB },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    kind: 'file',
    maxBytes: 20 * MB,
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { kind: 'file', maxBytes: 20 * MB },
  'text/plain': { kind: 'file', maxBytes: 5 * MB },
  'text/csv': { kind: 'file', maxBytes: 5 * MB },
};

/** The largest upload of any kind, for the HTTP body limit. */
export const MAX_ATTACHMENT_BYTES = Math.max(...Object.values(ATTACHMENT_TYPES).map((t) => t.maxBytes));

/** Thumbnails are made by the sender's browser, small pictures only. */
export const THUMBNAIL_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const MAX_THUMBNAIL_BYTES = 300 * 1024;

const startsWith = (bytes: Uint8Array, signature: number[], at = 0) =>
  signature.every((b, i) => bytes[at + i] === b);
const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.slice(from, to));

/** Whether the first bytes of a file fit the type it claims. */
export function contentMatchesType(contentType: string, head: Uint8Array): boolean {
  switch (contentType) {
    case 'image/jpeg':
      return startsWith(head, [0xff, 0xd8, 0xff]);
    case 'image/png':
      return startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case 'image/gif':
      return ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a';
    case 'image/webp':
      return ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP';
    case 'video/mp4':
      return ascii(head, 4, 8) === 'ftyp';
    case 'video/webm':
      return startsWith(head, [0x1a, 0x45, 0xdf, 0xa3]);
    case 'application/pdf':
      return ascii(head, 0, 5) === '%PDF-';
    case 'application/zip':
    case 'application/vnd.openxmlformats-officedocument.wordprocessingml.document':
    case 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet':
      return startsWith(head, [0x50, 0x4b, 0x03, 0x04]);
    case 'text/plain':
    case 'text/csv':
      // Text: no NUL byte, and nothing that a browser would sniff as a page.
      return !head.includes(0) && !/^\s*<(!doctype|html|script|svg)/i.test(new TextDecoder().decode(head));
    default:
      return false;
  }
}

export type UploadProblem =
  | { code: 'type'; contentType: string }
  | { code: 'empty' }
  | { code: 'size'; kind: AttachmentKind; sizeMb: string; maxMb: number }
  | { code: 'name' }
  | { code: 'content'; contentType: string };

/** Why an upload is refused; null when it may go. The side panel says it in the member's language. */
export function checkUpload(
  file: { contentType: string; size: number; name: string },
  head: Uint8Array,
): UploadProblem | null {
  const type = ATTACHMENT_TYPES[file.contentType];
  if (!type) return { code: 'type', contentType: file.contentType || 'unknown' };
  if (file.size === 0) return { code: 'empty' };
  if (file.size > type.maxBytes)
    return { code: 'size', kind: type.kind, sizeMb: (file.size / MB).toFixed(1), maxMb: type.maxBytes / MB };
  if (!file.name.trim() || file.name.length > 200) return { code: 'name' };
  if (!contentMatchesType(file.contentType, head)) return { code: 'content', contentType: file.contentType };
  return null;
}

/** The same in English words, as the server answers. */
export function uploadProblem(
  file: { contentType: string; size: number; name: string },
  head: Uint8Array,
): string | null {
  const problem = checkUpload(file, head);
  switch (problem?.code) {
    case undefined:
      return null;
    case 'type':
      return `files of type ${problem.contentType} cannot be sent; send a picture, a video, a PDF, a document or a spreadsheet`;
    case 'empty':
      return 'the file is empty';
    case 'size':
      return `the file is ${problem.sizeMb} MB; ${problem.kind === 'file' ? 'documents' : `${problem.kind}s`} may be up to ${problem.maxMb} MB`;
    case 'name':
      return 'the file needs a name of at most 200 characters';
    case 'content':
      return `the file's content is not ${problem.contentType}`;
  }
}

/** A readable size: "820 KB", "3.4 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < MB) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / MB).toFixed(1)} MB`;
}
