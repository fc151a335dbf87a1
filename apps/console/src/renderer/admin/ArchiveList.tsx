// The archive list: search by technician serial, customer reference and date range; one row per session
// with its metadata, a legal-hold toggle and "Open".
import type { FormEvent } from 'react';
import type { ArchiveItem } from '@tether/recording';
import type { ArchiveSearchForm } from '../../common/admin/archiveQuery';
import { useAdmin, useAdminStore } from './adminContext';

const when = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

const FIELDS: { key: keyof ArchiveSearchForm; label: string; placeholder: string }[] = [
  { key: 'technician', label: 'Technician serial', placeholder: 'serial' },
  { key: 'customerRef', label: 'Customer reference', placeholder: 'reference' },
  { key: 'from', label: 'From', placeholder: '2024-05-01' },
  { key: 'to', label: 'To', placeholder: '2024-05-31' },
];

function Row({ item }: { item: ArchiveItem }) {
  const controller = useAdmin();
  const holding = useAdminStore('archive', (s) => s.holding.includes(item.sessionId));
  const openId = useAdminStore('record', (s) => s.sessionId);
  const size = item.blobs.org.size + (item.blobs.customer?.size ?? 0);
  return (
    <tr data-testid="archive-row" data-session-id={item.sessionId} className={openId === item.sessionId ? 'selected' : ''}>
      <td className="hash">{item.sessionId}</td>
      <td>{item.technicianName} <span className="hint">{item.technicianSerial}</span></td>
      <td>{item.customerRef ?? ''}</td>
      <td>{when(item.startedAt)}</td>
      <td>{when(item.endedAt)}</td>
      <td>{formatBytes(size)}{item.complete ? '' : ' (incomplete)'}</td>
      <td>{day(item.retainUntil)}</td>
      <td>
        <label className="hold">
          <input
            type="checkbox" checked={item.legalHold} disabled={holding}
            onChange={(e) => void controller.setLegalHold(item.sessionId, e.currentTarget.checked)} data-testid="legal-hold"
          />
          {item.legalHold ? 'on hold' : 'no'}
        </label>
      </td>
      <td>{item.storage}</td>
      <td><button type="button" disabled={!item.complete} onClick={() => void controller.openSession(item.sessionId)} data-testid="open-session">Open</button></td>
    </tr>
  );
}

export function ArchiveList() {
  const controller = useAdmin();
  const items = useAdminStore('archive', (s) => s.items);
  const form = useAdminStore('archive', (s) => s.form);
  const loading = useAdminStore('archive', (s) => s.loading);
  const error = useAdminStore('archive', (s) => s.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void controller.search();
  };
  return (
    <section className="panel archive-list">
      <form className="archive-search" onSubmit={submit} data-testid="archive-search">
        {FIELDS.map((f) => (
          <label key={f.key}>
            {f.label}
            <input value={form[f.key]} placeholder={f.placeholder} onChange={(e) => controller.setSearchForm({ [f.key]: e.currentTarget.value })} data-testid={`search-${f.key}`} />
          </label>
        ))}
        <button type="submit" disabled={loading} data-testid="search">{loading ? 'Searching…' : 'Search'}</button>
        <button type="button" onClick={() => { controller.setSearchForm({ technician: '', customerRef: '', from: '', to: '' }); void controller.search(); }} data-testid="search-clear">Show all</button>
      </form>
      {error && <p className="error" role="alert" data-testid="archive-error">{error}</p>}
      <table className="archive-table">
        <thead>
          <tr><th>Session</th><th>Technician</th><th>Customer ref</th><th>Start (UTC)</th><th>End (UTC)</th><th>Size</th><th>Retain until</th><th>Legal hold</th><th>Storage</th><th /></tr>
        </thead>
        <tbody>
          {items.map((item) => <Row key={item.sessionId} item={item} />)}
        </tbody>
      </table>
      <p className="hint" data-testid="archive-count">{items.length} session{items.length === 1 ? '' : 's'}</p>
    </section>
  );
}
