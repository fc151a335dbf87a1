export { RecordingFileWriter, type RecordingWriterOptions } from './recordingFileWriter';
export { recoverRecording, readRecordingFile } from './recordingRecovery';
export { sealSessionToFile, type SealedFile } from './sessionSealing';
export { ArchiveClient, ARCHIVE_API_PREFIX, type ArchiveCredentials, type ArchiveQuery } from './archiveClient';
export { archiveSession, type ArchiveSessionInput, type ArchivedSession } from './sessionArchiver';
export { SessionRecorder, type StartRecordingOptions } from './sessionRecorder';
