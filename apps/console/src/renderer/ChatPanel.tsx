// Chat both ways.
import { useState, type FormEvent } from 'react';
import { MAX_CHAT_CHARS } from '@tether/protocol';
import { useConsoleStore, useController } from './consoleContext';

export function ChatPanel() {
  const controller = useController();
  const lines = useConsoleStore('chat', (s) => s.lines);
  const phase = useConsoleStore('session', (s) => s.phase);
  const [text, setText] = useState('');
  const send = (e: FormEvent) => {
    e.preventDefault();
    controller.sendChat(text);
    setText('');
  };
  return (
    <section className="panel chat">
      <h2>Chat</h2>
      <ol data-testid="chat-lines">
        {lines.map((l) => (
          <li key={`${l.from}-${l.id}`} className={`from-${l.from}`} data-from={l.from}>
            <span className="time">{new Date(l.ts).toLocaleTimeString()}</span> <strong>{l.from === 'technician' ? 'You' : 'Customer'}:</strong> {l.text}
          </li>
        ))}
      </ol>
      <form onSubmit={send}>
        <input value={text} maxLength={MAX_CHAT_CHARS} onChange={(e) => setText(e.target.value)} aria-label="chat message" data-testid="chat-input" disabled={phase !== 'connected' && phase !== 'awaiting-consent'} />
        <button type="submit" data-testid="chat-send" disabled={!text.trim()}>Send</button>
      </form>
    </section>
  );
}
