import { rm } from 'node:fs/promises';
import sharp from 'sharp';
import { runTool } from '../tools.ts';
import { RejectedInputError, type ExtractorOutput } from '../types.ts';
import { THUMBNAIL_SIZE } from './image.ts';

interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  sample_rate?: string;
  channels?: number;
  duration?: string;
}

interface Probe {
  format?: { duration?: string; format_name?: string; bit_rate?: string; tags?: Record<string, string> };
  streams?: ProbeStream[];
}

/** Duration, container, codecs, picture size, and the creation time and location tags cameras and phones write. */
export async function mediaInfo(path: string, signal: AbortSignal): Promise<ExtractorOutput> {
  const probe = await ffprobe(path, signal);
  const video = probe.streams?.find((s) => s.codec_type === 'video');
  const audio = probe.streams?.find((s) => s.codec_type === 'audio');
  if (!video && !audio) throw new RejectedInputError('ffprobe found no audio or video stream');
  const duration = Number(probe.format?.duration ?? video?.duration ?? audio?.duration);
  const tags = lowerKeys(probe.format?.tags ?? {});
  const metadata: Record<string, unknown> = {
    container: probe.format?.format_name,
    durationSeconds: Number.isFinite(duration) ? Math.round(duration * 1000) / 1000 : null,
  };
  if (video) Object.assign(metadata, { videoCodec: video.codec_name, width: video.width, height: video.height });
  if (audio) Object.assign(metadata, { audioCodec: audio.codec_name, sampleRate: Number(audio.sample_rate) || undefined, channels: audio.channels });
  if (tags.creation_time) metadata.capturedAt = tags.creation_time.slice(0, 40);
  const location = tags['com.apple.quicktime.location.iso6709'] ?? tags.location;
  const gps = location ? parseIso6709(location) : null;
  if (gps) metadata.gps = gps;
  const make = tags['com.apple.quicktime.make'] ?? tags.make;
  const model = tags['com.apple.quicktime.model'] ?? tags.model;
  if (make) metadata.make = make.slice(0, 200);
  if (model) metadata.model = model.slice(0, 200);
  return { metadata };
}

/** A frame a tenth of the way in (at most 10 s), as a 320 px WebP. */
export async function posterFrame(path: string, outPath: string, signal: AbortSignal): Promise<ExtractorOutput> {
  const probe = await ffprobe(path, signal);
  const duration = Number(probe.format?.duration);
  if (!probe.streams?.some((s) => s.codec_type === 'video')) throw new RejectedInputError('there is no video stream to take a frame from');
  const at = Number.isFinite(duration) && duration > 0 ? Math.min(10, duration / 10) : 0;
  const png = `${outPath}.png`;
  try {
    await runTool(
      'ffmpeg',
      ['-nostdin', '-hide_banner', '-loglevel', 'error', '-ss', at.toFixed(3), '-i', path, '-frames:v', '1', '-an', '-sn', '-dn',
        '-vf', `scale=${THUMBNAIL_SIZE}:${THUMBNAIL_SIZE}:force_original_aspect_ratio=decrease`, '-f', 'image2', '-c:v', 'png', '-y', png],
      { signal, maxOutputBytes: 1024 * 1024 },
    );
    const info = await sharp(png, { limitInputPixels: THUMBNAIL_SIZE * THUMBNAIL_SIZE * 4 }).webp({ quality: 80 }).toFile(outPath);
    return { metadata: { atSeconds: at, width: info.width, height: info.height }, derived: { path: outPath, mime: 'image/webp' } };
  } finally {
    await rm(png, { force: true });
  }
}

async function ffprobe(path: string, signal: AbortSignal): Promise<Probe> {
  const { stdout } = await runTool(
    'ffprobe',
    ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '--', path],
    { signal, maxOutputBytes: 4 * 1024 * 1024 },
  ).catch((error: Error) => {
    if (error.name === 'ToolUnavailableError') throw error;
    throw new RejectedInputError(error.message);
  });
  try {
    return JSON.parse(stdout.toString('utf8')) as Probe;
  } catch {
    throw new RejectedInputError('ffprobe did not describe the file');
  }
}

function lowerKeys(tags: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags)) if (typeof v === 'string') out[k.toLowerCase()] = v;
  return out;
}

/** ISO 6709 as phones write it: "+40.4093+049.8671+012.000/". */
export function parseIso6709(value: string): { latitude: number; longitude: number } | null {
  const match = /^([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)/.exec(value.trim());
  if (!match) return null;
  const latitude = Number(match[1]);
  const longitude = Number(match[2]);
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  return { latitude, longitude };
}
