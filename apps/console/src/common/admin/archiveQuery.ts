// The admin view's search form turned into an archive query (technician serial, customer reference and
// a date range). Dates are a day (YYYY-MM-DD, UTC, the whole day included), an ISO time or epoch ms.
// The relay finds sessions that overlap [from, to): ended at or after `from` and started before `to`.
import { err, ok, type Result } from '@tether/protocol';
import type { ArchiveQuery } from '@tether/recording';

export interface ArchiveSearchForm {
  technician: string;
  customerRef: string;
  from: string;
  to: string;
}

export const EMPTY_SEARCH: ArchiveSearchForm = { technician: '', customerRef: '', from: '', to: '' };

const DAY_MS = 86_400_000;
const FIELD = /^[A-Za-z0-9._:-]{1,128}$/;

/** Epoch ms of a date field; a bare day means its start ('start') or the start of the next day ('end', exclusive). */
export function parseDateField(text: string, edge: 'start' | 'end'): Result<number | undefined> {
  const t = text.trim();
  if (t === '') return ok(undefined);
  if (/^\d{1,15}$/.test(t)) return ok(Number(t));
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (day) {
    const start = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
    if (Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== t) return err('E_BAD_ARGUMENT', `"${t}" is not a calendar day`);
    return ok(edge === 'start' ? start : start + DAY_MS);
  }
  const parsed = /^\d{4}-\d{2}-\d{2}T/.test(t) ? Date.parse(t) : Number.NaN;
  if (Number.isNaN(parsed)) return err('E_BAD_ARGUMENT', `"${t}" is not a date (use 2024-05-31, an ISO time or epoch ms)`);
  return ok(parsed);
}

export function buildArchiveQuery(form: ArchiveSearchForm): Result<ArchiveQuery> {
  const query: ArchiveQuery = {};
  const technician = form.technician.trim();
  const customerRef = form.customerRef.trim();
  if (technician !== '') {
    if (!FIELD.test(technician)) return err('E_BAD_ARGUMENT', 'technician serial: 1-128 letters, digits or . _ : -');
    query.technician = technician;
  }
  if (customerRef !== '') {
    if (!FIELD.test(customerRef)) return err('E_BAD_ARGUMENT', 'customer reference: 1-128 letters, digits or . _ : -');
    query.customerRef = customerRef;
  }
  const from = parseDateField(form.from, 'start');
  if (!from.ok) return err('E_BAD_ARGUMENT', `from: ${from.error.detail ?? from.error.message}`);
  const to = parseDateField(form.to, 'end');
  if (!to.ok) return err('E_BAD_ARGUMENT', `to: ${to.error.detail ?? to.error.message}`);
  if (from.value !== undefined && to.value !== undefined && from.value >= to.value) return err('E_BAD_ARGUMENT', '"from" is after "to"');
  if (from.value !== undefined) query.from = from.value;
  if (to.value !== undefined) query.to = to.value;
  return ok(query);
}
