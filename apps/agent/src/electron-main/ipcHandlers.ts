// What each validated IPC request does: answers go to the open question in the prompt, actions go to the
// session core's CustomerControls (absent until the session exists: then the action is refused, typed).
import { TetherError } from '@tether/protocol';
import type { CustomerControls } from '../common/session/customerControls';
import type { IpcHandlers } from './ipcRouter';
import type { WindowedCustomerPrompt } from './windowedPrompt';

/** Main's file chooser: the path of the file the customer picked, or undefined when they cancelled. */
export type ChooseFile = () => Promise<string | undefined>;

export function createIpcHandlers(prompt: WindowedCustomerPrompt, controls: () => CustomerControls | undefined, chooseFile?: ChooseFile): IpcHandlers {
  const withControls = (act: (c: CustomerControls) => void): TetherError | undefined => {
    const current = controls();
    if (!current) return new TetherError('E_SESSION_UNKNOWN', 'no session is running');
    act(current);
    return undefined;
  };
  return {
    'ui.ready': (_p, page) => prompt.pageReady(page),
    'consent.answer': (p, page) => prompt.answer(page, p.requestId, p.decision),
    'file.answer': (p, page) => prompt.answer(page, p.requestId, p.accepted),
    'rating.answer': (p, page) => prompt.answer(page, p.requestId, p.rating),
    'control.pause': () => withControls((c) => c.pause()),
    'control.resume': () => withControls((c) => c.resume()),
    'control.stop': (p) => withControls((c) => c.stop(p.reason ?? 'stopped by the customer')),
    'control.revoke': (p) => withControls((c) => c.revoke(p.permission)),
    'chat.send': (p) => withControls((c) => c.sendChat(p.text)),
    'masks.set': (p) => withControls((c) => c.setMasks(p.masks)),
    // The path comes from the system's chooser in main, never from a page; the session core checks the grant.
    'file.send': async () => {
      const current = controls();
      if (!current) return new TetherError('E_SESSION_UNKNOWN', 'no session is running');
      if (!chooseFile) return new TetherError('E_SCOPE_DENIED', 'this agent cannot send files');
      const path = await chooseFile();
      if (path === undefined) return undefined; // cancelled
      await current.sendFile(path);
      return undefined;
    },
  };
}
