// The agent's session core on a real relay, with inert screen and input ports: for tests of what the
// session core decides (time limits, when a capture starts), where nothing is streamed or injected.
import { WebSocket } from 'ws';
import { RelayLink, type WebSocketLike } from '@tether/channel';
import { MAX_SESSION_MESSAGE_BYTES } from '@tether/protocol';
import { ORG, type TestOrg } from '../../relay/test/relayFixtures';
import type { RunningRelay } from '../../relay/src/node/index';
import type { ScriptedCustomer } from '../../../tests/support/sessionHarness';
import type { AgentPorts, ScreenStream } from '../src/common/session/agentPorts';
import { AgentSession } from '../src/common/session/agentSession';

export const idleScreen: ScreenStream = {
  onChunk: () => () => undefined, onEnded: () => undefined, setMasks: () => undefined, setConfig: () => undefined,
  requestKeyframe: () => undefined, pause: () => undefined, resume: () => undefined, close: async () => undefined,
};

export function coreAgent(options: {
  relay: RunningRelay;
  org: TestOrg;
  code: string;
  customer: ScriptedCustomer;
  startScreen?: AgentPorts['startScreen'];
  now?: () => number;
  log?: (line: string) => void;
}): AgentSession {
  const ports: AgentPorts = {
    prompt: options.customer,
    openLink: (opening) => RelayLink.open(options.relay.url, (url) => new WebSocket(url, { maxPayload: MAX_SESSION_MESSAGE_BYTES + 1024 }) as unknown as WebSocketLike, opening),
    startScreen: options.startScreen ?? (async () => idleScreen),
    input: { handle: async () => ({ allowed: false, reason: 'inert in this test' }), setGrant: async () => undefined, pause: async () => undefined, resume: () => undefined, revoke: async () => undefined },
    listWindows: async () => [],
    now: options.now ?? (() => Date.now()),
    randomId: () => Math.random().toString(36).slice(2),
    ...(options.log ? { log: options.log } : {}),
  };
  return new AgentSession({ code: options.code, rootPublicKey: options.org.root.publicKey, org: ORG, endHandshakeMs: 200 }, ports);
}
