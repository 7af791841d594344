import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { router } from '../lib/router.svelte';
import { stationStatus, status, verified } from '../test/fixtures';
import { commands, fakeIpc, ipcError } from '../test/ipc';
import VerifyResultView from '../components/VerifyResultView.svelte';
import Station from './Station.svelte';
import StationSettings from './StationSettings.svelte';
import StationSetup from './StationSetup.svelte';

const OFFER = { anchor: '3f2a9c01d4e7b860', anchor_groups: '3f2a 9c01 d4e7 b860', issuers: ['Bảo hiểm xã hội Việt Nam', 'Bộ Công an'] };

/** Freezes the clock (Date and the timers) at `now` ms, for this test. */
function frozen(now = 1_800_000_000_500) {
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'], now });
  onTestFinished(() => {
    vi.useRealTimers();
  });
}

describe('Station set-up', () => {
  it('shows the downloaded list’s key in groups of four and trusts it only when the clerk confirms', async () => {
    const calls = fakeIpc({
      app_status: () => status({ exists: false, unlocked: false, role: 'station' }),
      station_fetch_trust: () => OFFER,
      station_pin_trust: () => stationStatus(),
    });
    render(StationSetup);
    await fireEvent.click(screen.getByTestId('station-fetch'));
    const key = await screen.findByTestId('station-anchor');
    expect(key.textContent).toBe('3f2a 9c01 d4e7 b860');
    expect(screen.getByText(/Read the key aloud, group by group/)).toBeTruthy();
    expect(screen.getByText('Offices on the list: Bảo hiểm xã hội Việt Nam and Bộ Công an')).toBeTruthy();

    await fireEvent.click(screen.getByTestId('station-reject'));
    expect(screen.getByTestId('station-rejected').textContent).toContain('Do not use this list');
    expect(commands(calls)).not.toContain('station_pin_trust');
    expect(screen.queryByTestId('station-anchor')).toBeNull();

    await fireEvent.click(screen.getByTestId('station-fetch'));
    await fireEvent.click(await screen.findByTestId('station-pin'));
    await vi.waitFor(() => expect(router.current.screen).toBe('station'));
    expect(calls.find((c) => c.cmd === 'station_pin_trust')?.args).toEqual({ anchor: '3f2a9c01d4e7b860' });
  });

  it('says plainly when the service cannot be reached', async () => {
    fakeIpc({
      app_status: () => status({ exists: false, unlocked: false, role: 'station', portal_url: 'https://portal.example' }),
      station_fetch_trust: () => { throw ipcError('network'); },
    });
    render(StationSetup);
    await vi.waitFor(() => expect(screen.getByText(/from https:\/\/portal\.example/)).toBeTruthy());
    await fireEvent.click(screen.getByTestId('station-fetch'));
    await vi.waitFor(() =>
      expect(screen.getByTestId('station-setup-message').textContent?.trim()).toBe(
        'No connection to https://portal.example. Check the network and try again.',
      ),
    );
  });
});

describe('Station', () => {
  it('checks what a handheld scanner types, with no PIN anywhere, and refreshes the lists at start', async () => {
    const calls = fakeIpc({
      station_status: () => stationStatus(),
      station_refresh: () => stationStatus(),
      station_verify_text: () => verified(),
    });
    render(Station);
    await vi.waitFor(() => expect(commands(calls)).toEqual(['station_status', 'station_refresh']));
    const input = screen.getByTestId('counter-text') as HTMLInputElement;
    expect(document.activeElement).toBe(input);
    await fireEvent.input(input, { target: { value: 'EP1:ABC' } });
    await fireEvent.submit(input.form as HTMLFormElement);
    expect((await screen.findByTestId('result')).dataset.valid).toBe('true');
    expect(calls.at(-1)).toEqual({ cmd: 'station_verify_text', args: { text: 'EP1:ABC' } });
    expect(screen.queryByTestId('pin-key-1')).toBeNull();
    expect(screen.queryByTestId('nav-home')).toBeNull();
    expect(screen.getByTestId('station-trust-age').textContent).toBe('List of trusted offices updated 1 minute ago');
    expect(screen.getByTestId('station-stale').textContent?.trim()).toBe('');
  });

  it('warns in plain words once the revocation list is older than the limit, and keeps checking offline', async () => {
    fakeIpc({
      station_status: () => stationStatus({ status_too_old: true, status_age_seconds: 30 * 3600, fetched_at: Math.floor(Date.now() / 1000) - 30 * 3600 }),
      station_refresh: () => { throw ipcError('network'); },
      station_verify_text: () => verified(),
    });
    render(Station);
    await vi.waitFor(() =>
      expect(screen.getByTestId('station-stale').textContent?.trim()).toBe(
        'The list of revoked documents was last updated 30 hours ago, more than 24 hours. A document revoked since then may still show as genuine. Connect to the internet and press “Update now”.',
      ),
    );
    await vi.waitFor(() =>
      expect(screen.getByTestId('station-refresh-message').textContent?.trim()).toBe(
        'No connection. The counter keeps checking with the lists updated yesterday.',
      ),
    );
    await fireEvent.input(screen.getByTestId('counter-text'), { target: { value: 'EP1:X' } });
    await fireEvent.click(screen.getByTestId('counter-verify-text'));
    expect((await screen.findByTestId('result')).dataset.valid).toBe('true');
  });

  it('refuses, in words, a list signed by another key, and refreshes again by hand', async () => {
    let refreshes = 0;
    fakeIpc({
      station_status: () => stationStatus(),
      station_refresh: () => (++refreshes === 1 ? (() => { throw ipcError('trust_root_changed'); })() : stationStatus()),
    });
    render(Station);
    await vi.waitFor(() => expect(screen.getByTestId('station-refresh-message').textContent).toContain('signed with another key'));
    await fireEvent.click(screen.getByTestId('station-refresh'));
    await vi.waitFor(() => expect(screen.getByTestId('station-refresh-message').textContent?.trim()).toBe('The lists are up to date.'));
  });

  it('fetches the lists again every 15 minutes while it is open', async () => {
    frozen();
    const calls = fakeIpc({ station_status: () => stationStatus(), station_refresh: () => stationStatus() });
    render(Station);
    await vi.waitFor(() => expect(commands(calls).filter((c) => c === 'station_refresh')).toHaveLength(1));
    await vi.advanceTimersByTimeAsync(15 * 60 * 1000);
    expect(commands(calls).filter((c) => c === 'station_refresh')).toHaveLength(2);
    expect(commands(calls).filter((c) => c === 'station_status').length).toBeGreaterThan(10);
  });

  it('goes to the set-up while nothing is pinned', async () => {
    fakeIpc({ station_status: () => stationStatus({ pinned: false, anchor_groups: null, fetched_at: null }) });
    render(Station);
    await vi.waitFor(() => expect(router.current.screen).toBe('station-setup'));
  });
});

describe('A result on screen', () => {
  it('keeps its age true while it is shown: the code’s age ticks on the frozen clock', async () => {
    frozen();
    render(VerifyResultView, { props: { result: verified(), onnext: () => {} } });
    const age = screen.getByTestId('result-age');
    expect(age.textContent).toBe('Code made 5 seconds ago');
    await vi.advanceTimersByTimeAsync(3000);
    expect(age.textContent).toBe('Code made 8 seconds ago');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(age.textContent).toBe('Code made 1 minute ago');
    expect(screen.getByText('Revocation list checked 2 hours ago')).toBeTruthy();
  });
});

describe('Station settings', () => {
  it('shows the log by field names, saves the warning limit, and becomes a citizen’s device only when confirmed', async () => {
    const now = Math.floor(Date.now() / 1000);
    const calls = fakeIpc({
      station_settings: () => ({ max_status_age_hours: 24 }),
      station_save_settings: (a: { settings: { max_status_age_hours: number } }) => a.settings,
      station_status: () => stationStatus(),
      app_status: () => status({ exists: false, unlocked: false, role: 'station' }),
      station_log: () => [{ at: now, result: 'ok', doc_type: 'health_insurance', fields: ['full_name', 'date_of_birth'] }],
      choose_role: () => status({ exists: false, unlocked: false, role: 'citizen' }),
    });
    render(StationSettings);
    const entry = await screen.findByTestId('station-log-entry');
    expect(entry.textContent).toContain('Genuine');
    expect(entry.textContent).toContain('Health insurance card');
    expect(entry.textContent).toContain('Full name and Date of birth');
    expect(screen.getByTestId('station-settings-anchor').textContent).toBe('3f2a 9c01 d4e7 b860');
    expect(screen.queryByTestId('settings-auto-lock')).toBeNull();

    const limit = screen.getByTestId('station-max-age') as HTMLSelectElement;
    expect(limit.value).toBe('24');
    await fireEvent.change(limit, { target: { value: '48' } });
    await vi.waitFor(() => expect(calls.find((c) => c.cmd === 'station_save_settings')?.args).toEqual({ settings: { max_status_age_hours: 48 } }));

    await fireEvent.click(screen.getByTestId('station-to-citizen'));
    expect(commands(calls)).not.toContain('choose_role');
    await fireEvent.click(screen.getByTestId('station-to-citizen-confirm'));
    await vi.waitFor(() => expect(router.current.screen).toBe('onboarding'));
    expect(calls.find((c) => c.cmd === 'choose_role')?.args).toEqual({ role: 'citizen' });
  });
});
