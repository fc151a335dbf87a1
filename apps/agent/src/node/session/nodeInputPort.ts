// InputPort for the Node agent: the input gate plus a real injector on the agent's X display. Window facts
// (active window, the granted window's current rect) are refreshed in the background for limited grants
// and read from the cache per event, so a pointer move never waits for X tool processes.
import type { ConsentGrant, InputMessage, RevocablePermission } from '@tether/protocol';
import { createInputGate, type GateContext } from '../../common/inputGate';
import type { SurfaceGeometry } from '../../common/input/surfaceMapping';
import type { InputOutcome, InputPort } from '../../common/session/agentPorts';
import { createGatedInput, type InputLogEntry } from '../input/gatedInput';
import type { Injector } from '../input/injector';
import { readGateContext } from '../windows/gateContext';
import { createWindowTracker, type WindowTracker } from '../windows/windowTracker';

export interface NodeInputPort extends InputPort {
  close(): Promise<void>;
}

export function createNodeInputPort(options: {
  display: string;
  surface: SurfaceGeometry;
  injector: Injector;
  log: (entry: InputLogEntry) => void;
  now?: () => number;
  contextRefreshMs?: number;
}): NodeInputPort {
  const now = options.now ?? Date.now;
  const gate = createInputGate({ now });
  const gated = createGatedInput(gate, options.injector, options.log, now);
  let context: GateContext = {};
  let tracker: WindowTracker | undefined;
  let refresher: NodeJS.Timeout | undefined;
  let refreshing = false;

  const refresh = async (): Promise<void> => {
    if (refreshing) return;
    refreshing = true;
    try {
      context = await readGateContext(options.display, tracker);
    } catch {
      context = {};
    } finally {
      refreshing = false;
    }
  };

  const stopWatching = (): void => {
    if (refresher) clearInterval(refresher);
    refresher = undefined;
    tracker?.stop();
    tracker = undefined;
    context = {};
  };

  return {
    async handle(event: InputMessage): Promise<InputOutcome> {
      const decision = await gated.handle(event, options.surface, context);
      return decision.allowed ? { allowed: true } : { allowed: false, code: decision.code, reason: decision.reason };
    },
    async setGrant(grant: ConsentGrant | null): Promise<void> {
      stopWatching();
      if (grant && (grant.mode === 'region' || grant.mode === 'window')) {
        if (grant.mode === 'window' && grant.window) {
          const s = options.surface;
          const r = grant.window.rect;
          const rectAtGrant = { x: Math.round(r.x * s.width), y: Math.round(r.y * s.height), width: Math.round(r.w * s.width), height: Math.round(r.h * s.height) };
          tracker = createWindowTracker({ display: options.display, title: grant.window.title, rectAtGrant, intervalMs: 0 });
        }
        await refresh();
        refresher = setInterval(() => void refresh(), options.contextRefreshMs ?? 200);
      }
      await gated.setGrant(grant);
    },
    pause: () => gated.pause(),
    resume: () => gated.resume(),
    revoke: (permission: RevocablePermission) => gated.revoke(permission),
    async close(): Promise<void> {
      stopWatching();
      await gated.setGrant(null);
      await options.injector.close();
    },
  };
}
