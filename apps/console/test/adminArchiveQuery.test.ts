// The admin view's search form -> archive query (dates as days, ISO times or epoch ms; [from, to)).
import { describe, expect, it } from 'vitest';
import { buildArchiveQuery, EMPTY_SEARCH, parseDateField } from '../src/common/admin/archiveQuery';

describe('archive search query', () => {
  it('is empty for an empty form', () => {
    expect(buildArchiveQuery(EMPTY_SEARCH)).toEqual({ ok: true, value: {} });
  });

  it('keeps trimmed filters and turns a day range into [start of from, start of the day after to)', () => {
    const q = buildArchiveQuery({ technician: ' T-7 ', customerRef: 'cust-42', from: '2024-05-01', to: '2024-05-31' });
    expect(q).toEqual({ ok: true, value: { technician: 'T-7', customerRef: 'cust-42', from: Date.UTC(2024, 4, 1), to: Date.UTC(2024, 5, 1) } });
  });

  it('accepts ISO times and epoch ms as they are', () => {
    expect(parseDateField('2024-05-01T10:00:00Z', 'end')).toEqual({ ok: true, value: Date.UTC(2024, 4, 1, 10) });
    expect(parseDateField('1700000000000', 'start')).toEqual({ ok: true, value: 1_700_000_000_000 });
    expect(parseDateField('', 'start')).toEqual({ ok: true, value: undefined });
  });

  it('refuses impossible days, non-dates, a reversed range and bad filter text', () => {
    expect(parseDateField('2024-02-30', 'start')).toMatchObject({ ok: false, error: { code: 'E_BAD_ARGUMENT' } });
    expect(buildArchiveQuery({ ...EMPTY_SEARCH, from: 'yesterday' })).toMatchObject({ ok: false, error: { detail: expect.stringMatching(/^from: "yesterday" is not a date/) } });
    expect(buildArchiveQuery({ ...EMPTY_SEARCH, from: '2024-06-02', to: '2024-06-01' })).toMatchObject({ ok: false, error: { detail: '"from" is after "to"' } });
    expect(buildArchiveQuery({ ...EMPTY_SEARCH, technician: 'a b' })).toMatchObject({ ok: false, error: { detail: expect.stringMatching(/technician serial/) } });
    expect(buildArchiveQuery({ ...EMPTY_SEARCH, customerRef: 'x'.repeat(129) })).toMatchObject({ ok: false, error: { detail: expect.stringMatching(/customer reference/) } });
  });
});
