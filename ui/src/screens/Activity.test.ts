import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { fakeIpc } from '../test/ipc';
import Activity from './Activity.svelte';

const AT = Date.UTC(2026, 10, 23, 7, 5) / 1000;

describe('Activity', () => {
  it('lists entries as plain sentences with local dates', async () => {
    const calls = fakeIpc({
      activity: () => [
        { at: AT, action: 'present', doc_type: 'health_insurance', fields: ['full_name', 'date_of_birth'], counterpart: 'counter', result: 'ok' },
        { at: AT, action: 'receive', doc_type: 'driving_licence', fields: [], counterpart: null, result: 'ok' },
      ],
    });
    render(Activity);
    const entries = await screen.findAllByTestId('activity-entry');
    expect(calls[0]).toEqual({ cmd: 'activity', args: { limit: 200 } });
    expect(entries.map((e) => e.dataset.action)).toEqual(['present', 'receive']);
    expect(entries[0].textContent).toContain('You showed your health insurance card to the counter: full name and date of birth.');
    expect(entries[0].textContent).toContain('Shown · 23 Nov 2026');
    expect(entries[1].textContent).toContain('You received a new document: driving licence.');
  });

  it('exports the log and shows where the file went', async () => {
    fakeIpc({ activity: () => [], export_activity: () => '/home/lan/eid-activity.json' });
    render(Activity);
    await fireEvent.click(screen.getByTestId('activity-export'));
    await vi.waitFor(() => expect(screen.getByTestId('activity-exported').textContent?.trim()).toBe('Saved to /home/lan/eid-activity.json'));
  });
});
