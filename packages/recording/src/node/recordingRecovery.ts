// Opens a recording left by a crashed writer: reads every intact record and, if asked, cuts the torn
// tail off the file so it is well-formed again.
import { readFile, truncate } from 'node:fs/promises';
import { TetherError } from '@tether/protocol';
import { readRecording, type RecordingContents } from '../recordingReader';

export async function recoverRecording(path: string, options: { truncateTornTail?: boolean } = {}): Promise<RecordingContents> {
  const bytes = new Uint8Array(await readFile(path));
  const contents = readRecording(bytes);
  if (!contents.ok) throw contents.error;
  if (options.truncateTornTail && !contents.value.tail.intact) await truncate(path, contents.value.validBytes);
  return contents.value;
}

export async function readRecordingFile(path: string): Promise<RecordingContents> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (error) {
    throw new TetherError('E_BAD_ARGUMENT', `cannot read recording ${path}: ${(error as Error).message}`);
  }
  const contents = readRecording(bytes);
  if (!contents.ok) throw contents.error;
  return contents.value;
}
