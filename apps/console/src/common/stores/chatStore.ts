// The chat store: both sides' messages in arrival order, each once (by id).
import { createStore } from 'zustand/vanilla';
import type { ChatSender } from '@tether/protocol';

export interface ChatLine {
  id: string;
  from: ChatSender;
  text: string;
  ts: number;
}

export interface ChatState {
  lines: ChatLine[];
  unread: number;
}

export function appendLine(state: ChatState, line: ChatLine): Partial<ChatState> {
  if (state.lines.some((l) => l.id === line.id && l.from === line.from)) return {};
  return { lines: [...state.lines, line], unread: line.from === 'customer' ? state.unread + 1 : state.unread };
}

export function createChatStore() {
  return createStore<ChatState>(() => ({ lines: [], unread: 0 }));
}
export type ChatStore = ReturnType<typeof createChatStore>;
