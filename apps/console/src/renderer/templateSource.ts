// Where the browser console gets the permission template it sends to the agent (ConsolePorts.template):
// the relay's template directory, asked for the one template the signed-in technician's certificate names.
// A certificate that names none yields no template (nothing is fetched); a named template the directory
// does not have yields none too (the agent then refuses consent and says which template is missing); any
// other failure (relay unreachable, request refused) rejects, so starting the session shows the reason.
import { fetchTechnicianTemplate, relayHttpOrigin, type FetchLike } from '@tether/recording';
import type { WirePermissionTemplate } from '@tether/protocol';
import type { TechnicianIdentity } from '../common/technicianSession';

const pageFetch: FetchLike = (url, init) => fetch(url, init);

/**
 * A ConsolePorts.template implementation. `relayUrl` is the relay's WebSocket (or http) URL, as in
 * ConsolePorts.relayUrl; the controller passes the signed-in technician when a session starts.
 */
export function relayTemplateSource(
  relayUrl: string,
  fetchImpl: FetchLike = pageFetch,
  now: () => number = Date.now,
): (identity: TechnicianIdentity) => Promise<WirePermissionTemplate | undefined> {
  const origin = relayHttpOrigin(relayUrl);
  return (identity) => fetchTechnicianTemplate(origin, identity, fetchImpl, now);
}
