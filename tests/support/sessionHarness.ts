// A whole session on this machine for integration tests: an organisation, a real relay on loopback, a
// technician session core (the console's) over real sockets, and the real agent (capture browser and
// injector on a private Xvfb). The customer's side is a scripted CustomerPrompt: the UI boundary, which
// answers consent questions the way a person would; everything behind it is the real agent.
import { WebSocket } from 'ws';
import type { WebSocketLike } from '../../packages/channel/src/index';
import type { ConsentGrant, SessionMessage, VideoChunkMessage, VideoPatchMessage } from '../../packages/protocol/src/index';
import { TechnicianSession, type TechPhase } from '../../apps/console/src/common/technicianSession';
import type { ConsentContext, ConsentDecision, CustomerPrompt, IncomingFile, Rating, SessionStatus, VerifiedTechnician } from '../../apps/agent/src/common/session/customerPrompt';
import { runAgent, type RunningAgent } from '../../apps/agent/src/node/session/agentRunner';
import type { RunningRelay } from '../../apps/relay/src/node/index';
import { ORG, makeOrg, startTestRelay, type TestOrg } from '../../apps/relay/test/relayFixtures';
import type { DecoderPage } from './decoderPage';
import type { XDisplay } from './xvfb';

export type ConsentAnswer = ConsentDecision | null | ((context: ConsentContext) => ConsentDecision | null);

/** A customer who answers from a script and remembers everything the agent showed them. */
export class ScriptedCustomer implements CustomerPrompt {
  technician: VerifiedTechnician | undefined;
  failures: string[] = [];
  statuses: SessionStatus[] = [];
  consentAsked: ConsentContext[] = [];
  chats: string[] = [];
  annotations: unknown[] = [];
  files: IncomingFile[] = [];
  consentAnswers: ConsentAnswer[] = [];
  fileAnswer = true;
  rating: Rating | null = { stars: 5, comment: 'quick and clear' };

  showTechnician(t: VerifiedTechnician): void {
    this.technician = t;
  }
  showFailure(message: string): void {
    this.failures.push(message);
  }
  async askConsent(context: ConsentContext): Promise<ConsentDecision | null> {
    this.consentAsked.push(context);
    const answer = this.consentAnswers.shift();
    if (answer === undefined) return new Promise(() => undefined); // nobody answers (yet)
    return typeof answer === 'function' ? answer(context) : answer;
  }
  async askFileApproval(file: IncomingFile): Promise<boolean> {
    this.files.push(file);
    return this.fileAnswer;
  }
  showStatus(status: SessionStatus): void {
    this.statuses.push(status);
  }
  showChat(message: { text: string }): void {
    this.chats.push(message.text);
  }
  showAnnotation(stroke: unknown): void {
    this.annotations.push(stroke);
  }
  async askRating(): Promise<Rating | null> {
    return this.rating;
  }
  get phase(): string | undefined {
    return this.statuses.at(-1)?.phase;
  }
}

export const FULL: ConsentDecision = { mode: 'full', shareOnlyRegion: false, clipboard: true, files: true, durationMs: 3_600_000 };
export const VIEW: ConsentDecision = { mode: 'view', shareOnlyRegion: false, clipboard: false, files: false, durationMs: 3_600_000 };

export interface TechView {
  session: TechnicianSession;
  messages: SessionMessage[];
  video: VideoChunkMessage[];
  /** Patches (small changes' exact pixels) as received. */
  patches: VideoPatchMessage[];
  phases: TechPhase[];
  grants: (ConsentGrant | null)[];
  sas?: string;
  codecString?: string;
}

export async function startRelayForTests(org: TestOrg = makeOrg(), overrides: Parameters<typeof startTestRelay>[1] = {}): Promise<{ org: TestOrg; relay: RunningRelay }> {
  return { org, relay: await startTestRelay(org, { rejoinGraceMs: 20_000, ...overrides }) };
}

export function technician(org: TestOrg, relay: RunningRelay, decoder?: DecoderPage): TechView {
  const view: TechView = { session: undefined as unknown as TechnicianSession, messages: [], video: [], patches: [], phases: [], grants: [] };
  view.session = new TechnicianSession(
    { certificate: org.cert, secretKey: org.tech.secretKey },
    relay.url,
    (url) => new WebSocket(url) as unknown as WebSocketLike,
    {
      onPhase: (p) => view.phases.push(p),
      onSecured: ({ sas }) => (view.sas = sas),
      onGrant: (g) => view.grants.push(g),
      onMessage: (m) => {
        view.messages.push(m);
        if (m.type === 'stream.config') view.codecString = m.codecString;
      },
      onVideoPatch: (patch) => view.patches.push(patch),
      onVideo: (chunk) => {
        view.video.push(chunk);
        if (decoder && view.codecString) {
          decoder.push({
            seq: chunk.seq, timestampUs: chunk.timestampUs, keyframe: chunk.keyframe, codec: chunk.codec === 'avc1' ? 'h264' : chunk.codec,
            codecString: view.codecString, width: chunk.width, height: chunk.height, configChanged: false, data: chunk.data,
          });
        }
      },
    },
  );
  view.session.ratingWaitMs = 5000;
  return view;
}

export async function agentFor(org: TestOrg, relay: RunningRelay, x: XDisplay, code: string, customer: ScriptedCustomer, extra: Partial<Parameters<typeof runAgent>[0]> = {}): Promise<RunningAgent> {
  return runAgent({
    relayUrl: relay.url, code, rootPublicKey: org.rootPublicKeyText, org: ORG, display: x.display, width: x.width, height: x.height,
    prompt: customer, filesFolder: extra.filesFolder ?? `/tmp/tether-agent-test-${process.pid}-${Date.now()}`, codecs: ['h264', 'vp8'], rejoinWindowMs: 10_000, log: (line) => { if (process.env.TETHER_TEST_LOG) console.log('[agent]', line); }, ...extra,
  });
}

export async function until(check: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
