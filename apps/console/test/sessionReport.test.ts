import { describe, expect, it } from 'vitest';
import { SessionLogWriter, generateTechnicianKeyPair } from '@tether/crypto';
import { buildReport, reportHtml } from '../src/common/sessionReport';

describe('session report', () => {
  it('lists who, scopes, actions, files, chat, notes and the log head; HTML escapes everything', () => {
    const tech = generateTechnicianKeyPair();
    const log = new SessionLogWriter(tech.secretKey);
    log.append('session.created', { sessionId: 's1' }, 1000);
    log.append('consent.granted', { grant: { mode: 'full', clipboard: true, files: false } }, 2000);
    log.append('file.offered', { name: 'x<y>.txt', size: 3, sha256: 'ab' }, 3000);
    log.append('chat', { from: 'technician', text: 'hi' }, 3500);
    const ended = log.append('session.ended', { reason: 'done' }, 4000);
    const report = buildReport({
      sessionId: 's1',
      technician: { name: 'Ada <b>', employeeNo: 'E1', department: 'D', org: 'o', serial: 's', notAfter: 9 },
      startedAt: 1000, endedAt: 4000, endReason: 'The customer ended the session.',
      scopes: [{ v: 1, grantId: 'g', sessionId: 's1', mode: 'full', shareOnlyRegion: false, clipboard: true, files: false, issuedAt: 2000, expiresAt: 9000 }],
      entries: log.entries,
      files: [{ fileId: 'f', name: 'x<y>.txt', size: 3, sha256: 'ab', direction: 'toCustomer', status: 'done', sent: 3, resumes: 0, message: '' }],
      chat: [{ id: 'c', from: 'customer', text: '<script>alert(1)</script>', ts: 3600 }],
      notes: 'fixed & tested', outcome: 'resolved', rating: { stars: 4 }, verification: { ok: true, detail: 'ok' },
    });
    expect(report.actions.map((a) => a.kind)).toEqual(['session.created', 'consent.granted', 'file.offered', 'session.ended']);
    expect(report.actions[1]?.detail).toBe('granted full (clipboard on, files off)');
    expect(report.log).toMatchObject({ entries: 5, head: ended.hash, verified: true, counterSigned: false });
    const html = reportHtml(report);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Ada &lt;b&gt;');
    expect(html).toContain('fixed &amp; tested');
    expect(html).toContain('4/5');
  });
});
