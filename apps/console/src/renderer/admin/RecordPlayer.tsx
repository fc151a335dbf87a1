// The recording player: the decoded video on a canvas, play/pause, a position slider, the current time,
// and the session's events beside it (a click seeks to the event).
import { useEffect, useRef } from 'react';
import { formatPosition, type TimelineEvent } from '../../common/admin/playbackTimeline';
import type { SessionRecord } from '../../common/admin/sessionRecord';
import { useAdmin, useAdminStore } from './adminContext';
import { RecordingPlayer } from './recordingPlayer';

function EventList({ events, positionMs, onSeek }: { events: readonly TimelineEvent[]; positionMs: number; onSeek(atMs: number): void }) {
  return (
    <ol className="timeline" data-testid="timeline">
      {events.map((e, i) => (
        <li key={i} className={`timeline-${e.kind}${e.atMs <= positionMs ? ' past' : ''}`}>
          <button type="button" onClick={() => onSeek(e.atMs)} data-testid="timeline-event" data-at-ms={e.atMs} data-kind={e.kind}>
            <span className="time">{formatPosition(e.atMs)}</span> {e.label}
          </button>
        </li>
      ))}
    </ol>
  );
}

export function RecordPlayer({ record }: { record: SessionRecord }) {
  const controller = useAdmin();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const playerRef = useRef<RecordingPlayer | null>(null);
  const state = useAdminStore('player', (s) => s.state);
  const positionMs = useAdminStore('player', (s) => s.positionMs);
  const durationMs = useAdminStore('player', (s) => s.durationMs);
  const error = useAdminStore('player', (s) => s.error);
  const decoded = useAdminStore('player', (s) => s.decodedFrames);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return undefined;
    const player = new RecordingPlayer(canvas, record.timeline, controller.stores.player);
    playerRef.current = player;
    const first = record.timeline.frames[0];
    if (first) void player.seek(first.atMs);
    return () => {
      player.close();
      playerRef.current = null;
    };
  }, [record, controller]);

  const seek = (atMs: number) => void playerRef.current?.seek(atMs);
  const toggle = () => {
    const player = playerRef.current;
    if (!player) return;
    if (state === 'playing') player.pause();
    else player.play();
  };
  const hasVideo = record.timeline.frames.length > 0;
  return (
    <div className="player" data-testid="player" data-state={state} data-position={Math.round(positionMs)}>
      <div className="player-main">
        <div className="player-screen">
          <canvas ref={canvasRef} className="video" data-testid="admin-video" />
          {!hasVideo && <p className="notice player-empty">This recording has no video.</p>}
        </div>
        <div className="toolbar">
          <button type="button" onClick={toggle} disabled={!hasVideo || state === 'seeking'} data-testid="player-toggle">{state === 'playing' ? 'Pause' : 'Play'}</button>
          <input
            type="range" min={0} max={Math.max(1, Math.round(durationMs))} step={10} value={Math.round(positionMs)} disabled={!hasVideo}
            onChange={(e) => seek(Number(e.currentTarget.value))} data-testid="player-seek" aria-label="position"
          />
          <span className="quality" data-testid="player-time">{formatPosition(positionMs)} / {formatPosition(durationMs)} · {decoded} frames</span>
        </div>
        {error && <p className="error" role="alert" data-testid="player-error">{error}</p>}
      </div>
      <EventList events={record.timeline.events} positionMs={positionMs} onSeek={seek} />
    </div>
  );
}
