// Transparent, click-through, full-screen overlay (the window ignores the mouse): draws what the
// technician sends. The canvas matches the window in device pixels.
import { byId, h, mount } from './domBuilder';
import { StrokePainter } from './strokePainter';
import { tetherApi } from './tetherApi';

const api = tetherApi();
const canvas = h('canvas', { id: 'overlay' });
mount(canvas);
const painter = new StrokePainter(canvas);
let frame = 0;

function resize(): void {
  const scale = window.devicePixelRatio || 1;
  canvas.width = Math.round(window.innerWidth * scale);
  canvas.height = Math.round(window.innerHeight * scale);
  schedule();
}

function schedule(): void {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    painter.paint();
    byId('app').dataset.strokes = painter.animating ? 'animating' : 'still';
    if (painter.animating) schedule();
  });
}

window.addEventListener('resize', resize);
api.on('annotation', (event) => {
  if (event.type === 'annotation.clear') painter.clear();
  else painter.add(event);
  schedule();
});
resize();
void api.ready('overlay');
