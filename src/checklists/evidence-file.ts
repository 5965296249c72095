/**
 * Evidence that comes with a checklist tick: a link, or a small file sent as
 * base64. Pure checks and decoding; the service stores what they answer.
 */
import { createHash } from 'node:crypto';
import { InputError } from '../platform/errors/errors.ts';

export const MAX_EVIDENCE_BYTES = 2 * 1024 * 1024;
export const DEFAULT_MEDIA_TYPE = 'application/octet-stream';
const MAX_NAME = 200;
const MAX_LINK = 2000;

export interface EvidenceUpload {
  name: string;
  mediaType?: string | undefined;
  contentBase64: string;
}

export interface DecodedEvidence {
  name: string;
  mediaType: string;
  bytes: Buffer;
  sha256: string;
}

/**
 * A name safe to store and to send back in a header: the last path part only,
 * no control characters, quotes or backslashes, no leading dots, at most 200
 * characters; `evidence` when nothing is left.
 */
export function sanitizeFileName(name: string): string {
  const last = name.split(/[/\\]/).pop() ?? '';
  const cleaned = [...last.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}"]/gu, '_')]
    .slice(0, MAX_NAME)
    .join('')
    .replace(/^[.\s]+/, '')
    .trimEnd();
  return cleaned === '' ? 'evidence' : cleaned;
}

/** `type/subtype`, lower-cased; parameters like `; charset=utf-8` are not kept. */
export function checkMediaType(mediaType: string | undefined): string {
  if (mediaType === undefined || mediaType.trim() === '') return DEFAULT_MEDIA_TYPE;
  const essence = mediaType.split(';')[0]!.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/.test(essence)) {
    throw new InputError(`'${mediaType.slice(0, 80)}' is not a media type: give one like text/plain or application/pdf, or leave it out`, [{ field: 'file.mediaType' }]);
  }
  return essence;
}

/** Decoded size of standard base64 text, without decoding it. */
function decodedSize(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}

export function decodeEvidence(upload: EvidenceUpload): DecodedEvidence {
  const name = sanitizeFileName(upload.name);
  const mediaType = checkMediaType(upload.mediaType);
  const text = upload.contentBase64;
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
    throw new InputError(`the content of ${name} is not base64: send the file's bytes base64-encoded (standard alphabet, with padding)`, [{ field: 'file.contentBase64' }]);
  }
  const size = decodedSize(text);
  if (size === 0) throw new InputError(`${name} is empty: attach the evidence itself, or give a link instead`, [{ field: 'file.contentBase64' }]);
  if (size > MAX_EVIDENCE_BYTES) {
    throw new InputError(
      `${name} is ${formatBytes(size)} (${size} bytes); an evidence file may be at most ${formatBytes(MAX_EVIDENCE_BYTES)} (${MAX_EVIDENCE_BYTES} bytes): link to a larger one instead`,
      [{ field: 'file.contentBase64' }],
    );
  }
  const bytes = Buffer.from(text, 'base64');
  return { name, mediaType, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** An http(s) URL, as given (trimmed). */
export function checkLink(link: string): string {
  const text = link.trim();
  let url: URL | null = null;
  if (text.length <= MAX_LINK && URL.canParse(text)) url = new URL(text);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    throw new InputError(`the link must be an http:// or https:// URL of at most ${MAX_LINK} characters, got '${text.slice(0, 80)}'`, [{ field: 'link' }]);
  }
  return text;
}

/** `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`: an ASCII fallback and the exact name. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const exact = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}

/** `512 B`, `1.5 KiB`, `2.0 MiB`. */
export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KiB`;
  return `${(size / (1024 * 1024)).toFixed(1)} MiB`;
}
