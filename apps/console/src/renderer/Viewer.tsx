// The live view: the decoded stream on a canvas (fit-to-window or 1:1), an overlay canvas on top that
// takes the technician's pointer and keyboard (sent as input within the grant) or annotation strokes,
// surface selection when the agent offers several, and the connection quality.
import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';
import { ANNOTATION_TOOLS, PROTOCOL_VERSION, type PointerButton } from '@tether/protocol';
import { keyMessageFor, wheelSteps } from '../common/keyMapping';
import { laserFading, overlayStale, type OverlayDrawn } from '../common/overlayRedraw';
import { normalisePoint } from '../common/pointerMapping';
import { formatBitrate } from '../common/qualityMeter';
import type { ViewerTool } from '../common/stores/viewStore';
import { drawStrokes, type DrawnStroke } from './annotationLayer';
import { useConsoleStore, useController } from './consoleContext';
import { MoveLimiter, listenPointerMoves, type PointerMove } from './pointerMoves';
import { VideoPipe } from './videoPipe';

export function Viewer() {
  const controller = useController();
  const view = useConsoleStore('view', (s) => s);
  const grant = useConsoleStore('session', (s) => s.grant);
  const phase = useConsoleStore('session', (s) => s.phase);
  const reason = useConsoleStore('session', (s) => s.reason);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const stageRef = useRef<HTMLDivElement>(null);
  const pipeRef = useRef<VideoPipe | null>(null);
  const strokesRef = useRef<DrawnStroke[]>([]);
  const drawingRef = useRef<Array<[number, number]> | null>(null);
  const lastMoveRef = useRef('');
  const heldRef = useRef(new Set<string>());
  const [source, setSource] = useState({ width: view.config?.width ?? 0, height: view.config?.height ?? 0 });
  const canControl = phase === 'connected' && !!grant && grant.mode !== 'view';
  const surfaceId = view.selectedSurface;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const pipe = new VideoPipe(canvas, {
      requestKeyframe: () => controller.requestKeyframe(),
      decoded: (frames, errors) => controller.decoded(frames, errors),
      resized: (width, height) => setSource({ width, height }),
    });
    pipeRef.current = pipe;
    const config = controller.stores.view.getState().config;
    if (config) pipe.configure(config.codecString);
    const off = controller.onVideoChunk((chunk) => pipe.push(chunk));
    const offPatches = controller.onVideoPatch((patch) => pipe.patch(patch));
    return () => {
      off();
      offPatches();
      pipe.close();
      pipeRef.current = null;
    };
  }, [controller]);

  useEffect(() => {
    if (view.config) pipeRef.current?.configure(view.config.codecString);
  }, [view.config]);

  // Redraw annotations when they or the overlay's size change, and while laser strokes fade (overlayRedraw.ts).
  useEffect(() => {
    let frame = 0;
    let last: OverlayDrawn<DrawnStroke> | null = null;
    const loop = () => {
      const overlay = overlayRef.current;
      if (overlay) {
        const now = performance.now();
        const strokes = strokesRef.current;
        const ratio = globalThis.devicePixelRatio || 1;
        const width = overlay.clientWidth * ratio;
        const height = overlay.clientHeight * ratio;
        if (overlayStale(last, strokes, width, height, now)) {
          drawStrokes(overlay, strokes, source, now);
          last = { strokes, width, height, fading: laserFading(strokes, now) };
        }
      }
      frame = requestAnimationFrame(loop);
    };
    frame = requestAnimationFrame(loop);
    return () => cancelAnimationFrame(frame);
  }, [source]);

  // Wheel needs a non-passive listener to keep the page from scrolling.
  useEffect(() => {
    const stage = stageRef.current;
    if (!stage) return;
    const onWheel = (e: WheelEvent) => {
      if (view.tool !== 'control' || !canControl) return;
      const p = point(e);
      if (!p) return;
      e.preventDefault();
      const dx = wheelSteps(e.deltaX, e.deltaMode);
      const dy = wheelSteps(e.deltaY, e.deltaMode);
      if (dx || dy) controller.sendInput({ v: PROTOCOL_VERSION, type: 'input.wheel', surfaceId, x: p.x, y: p.y, dx, dy });
    };
    stage.addEventListener('wheel', onWheel, { passive: false });
    return () => stage.removeEventListener('wheel', onWheel);
  });

  // Control: each pointer move goes out as it arrives, not at the next animation frame, and at most 250
  // a second (pointerMoves.ts). The limiter lives across renders; it sends through this render's state.
  const sendMoveRef = useRef<(e: PointerMove) => void>(() => undefined);
  sendMoveRef.current = (e) => {
    const p = view.tool === 'control' && canControl ? point(e) : null;
    if (!p) return;
    const key = `${p.x},${p.y}`;
    if (key === lastMoveRef.current) return;
    lastMoveRef.current = key;
    controller.sendInput({ v: PROTOCOL_VERSION, type: 'input.pointerMove', surfaceId, x: p.x, y: p.y });
  };
  const movesRef = useRef<MoveLimiter | null>(null);
  movesRef.current ??= new MoveLimiter((e) => sendMoveRef.current(e));
  useEffect(() => {
    const overlay = overlayRef.current;
    const moves = movesRef.current;
    if (!overlay || !moves || view.tool !== 'control' || !canControl) return;
    return listenPointerMoves(overlay, (e) => moves.offer(e));
  });

  const point = (e: { clientX: number; clientY: number }) => {
    const stage = stageRef.current;
    if (!stage || source.width === 0) return null;
    const r = stage.getBoundingClientRect();
    return normalisePoint(e.clientX - r.left, e.clientY - r.top, { width: r.width, height: r.height }, source);
  };

  const onPointerDown = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    stageRef.current?.focus();
    const p = point(e);
    if (!p) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    if (view.tool === 'control') {
      if (!canControl) return;
      movesRef.current?.flush(); // a move still held goes first, then the press where it happens
      controller.sendInput({ v: PROTOCOL_VERSION, type: 'input.pointerMove', surfaceId, x: p.x, y: p.y });
      controller.sendInput({ v: PROTOCOL_VERSION, type: 'input.pointerButton', surfaceId, x: p.x, y: p.y, button: buttonOf(e.button), down: true });
      return;
    }
    drawingRef.current = [[p.x, p.y]];
  };

  // Annotation strokes only; control moves have their own listener above.
  const onPointerMove = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    if (view.tool === 'control') return;
    const p = point(e);
    if (!p) return;
    drawingRef.current?.push([p.x, p.y]);
    if (drawingRef.current) strokesRef.current = [...strokesRef.current.filter((s) => s.at !== -1), { tool: view.tool, color: view.color, width: 4, points: drawingRef.current, at: -1 }];
  };

  const onPointerUp = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    const p = point(e);
    if (view.tool === 'control') {
      movesRef.current?.flush();
      if (canControl && p) controller.sendInput({ v: PROTOCOL_VERSION, type: 'input.pointerButton', surfaceId, x: p.x, y: p.y, button: buttonOf(e.button), down: false });
      return;
    }
    const points = drawingRef.current;
    drawingRef.current = null;
    if (!points) return;
    if (p) points.push([p.x, p.y]);
    const tool = view.tool;
    strokesRef.current = [...strokesRef.current.filter((s) => s.at !== -1), { tool, color: view.color, width: 4, points, at: performance.now() }];
    controller.sendStroke(tool, view.color, 4, points);
  };

  const onKey = (e: ReactKeyboardEvent<HTMLDivElement>) => {
    if (view.tool !== 'control' || !canControl) return;
    const message = keyMessageFor(e.nativeEvent);
    if (!message) return;
    e.preventDefault();
    if (controller.sendInput(message)) {
      if (message.down) heldRef.current.add(message.code);
      else heldRef.current.delete(message.code);
    }
  };

  // Leaving the view (focus elsewhere, window switch) releases every key still held at the customer.
  const onBlur = () => {
    for (const code of heldRef.current) controller.sendInput({ v: PROTOCOL_VERSION, type: 'input.key', code, down: false, modifiers: 0 });
    heldRef.current.clear();
  };

  const setTool = (tool: ViewerTool) => controller.stores.view.setState({ tool });
  const clear = () => {
    strokesRef.current = [];
    controller.clearAnnotations();
  };
  const actual = view.fit === 'actual';

  return (
    <section className="viewer">
      <div className="toolbar">
        <button type="button" aria-pressed={!actual} onClick={() => controller.stores.view.setState({ fit: 'fit' })}>Fit</button>
        <button type="button" aria-pressed={actual} onClick={() => controller.stores.view.setState({ fit: 'actual' })}>1:1</button>
        <span className="sep" />
        <button type="button" data-testid="tool-control" aria-pressed={view.tool === 'control'} disabled={!canControl} onClick={() => setTool('control')}>Control</button>
        {ANNOTATION_TOOLS.map((t) => (
          <button type="button" key={t} data-testid={`tool-${t}`} aria-pressed={view.tool === t} onClick={() => setTool(t)}>{t}</button>
        ))}
        <input type="color" aria-label="annotation colour" value={view.color} onChange={(e) => controller.stores.view.setState({ color: e.target.value })} />
        <button type="button" data-testid="annotation-clear" onClick={clear}>Clear</button>
        {view.surfaces.length > 1 && (
          <select aria-label="screen" data-testid="surface-select" value={surfaceId} onChange={(e) => controller.selectSurface(Number(e.target.value))}>
            {view.surfaces.map((s) => <option key={s.id} value={s.id}>{s.name} ({s.width}×{s.height}){s.primary ? ' — primary' : ''}</option>)}
          </select>
        )}
        <span className="quality" data-testid="quality" data-frames={view.framesDecoded}>
          {view.fps} fps · {view.rttMs === null ? '— ms' : `${view.rttMs} ms`} round trip · {formatBitrate(view.bitrate)} · {view.framesDecoded} frames
        </span>
      </div>
      <div className={`viewport ${actual ? 'actual' : 'fit'}${phase === 'paused' ? ' paused' : ''}`}>
        {phase === 'paused' && <div className="paused-banner" data-testid="paused-banner">{reason || 'Paused'} — the picture is frozen and input is off.</div>}
        <div
          className="stage"
          ref={stageRef}
          tabIndex={0}
          data-testid="stage"
          style={actual && source.width ? { width: source.width, height: source.height } : undefined}
          onKeyDown={onKey}
          onKeyUp={onKey}
          onBlur={onBlur}
        >
          <canvas ref={canvasRef} className="video" data-testid="video" />
          <canvas
            ref={overlayRef}
            className={`overlay tool-${view.tool}`}
            data-testid="overlay"
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onContextMenu={(e) => e.preventDefault()}
          />
        </div>
      </div>
    </section>
  );
}

function buttonOf(domButton: number): PointerButton {
  return domButton === 1 ? 1 : domButton === 2 ? 2 : 0;
}
