// axe-core over every screen (jsdom: no colour contrast, which the e2e suite checks in the real
// window). Each screen is rendered with data, in the state where it shows the most controls.
import { fireEvent, render, screen } from '@testing-library/svelte';
import axe from 'axe-core';
import type { Component } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import Activity from './screens/Activity.svelte';
import ApplicationFormScreen from './screens/ApplicationForm.svelte';
import Applications from './screens/Applications.svelte';
import Code from './screens/Code.svelte';
import Counter from './screens/Counter.svelte';
import DocumentScreen from './screens/Document.svelte';
import Home from './screens/Home.svelte';
import Onboarding from './screens/Onboarding.svelte';
import Present from './screens/Present.svelte';
import Register from './screens/Register.svelte';
import Scan from './screens/Scan.svelte';
import Settings from './screens/Settings.svelte';
import Share from './screens/Share.svelte';
import Station from './screens/Station.svelte';
import StationSettings from './screens/StationSettings.svelte';
import StationSetup from './screens/StationSetup.svelte';
import Unlock from './screens/Unlock.svelte';
import { setLanguage } from './lib/i18n';
import { CARDS, healthInsurance, presentation, settings, stationStatus, status, verified } from './test/fixtures';
import { fakeIpc, ipcError } from './test/ipc';

const NOW = Math.floor(Date.now() / 1000);

function ipc() {
  return fakeIpc({
    app_status: () => status(),
    documents: () => CARDS,
    document: () => healthInsurance(),
    present: () => presentation(1, NOW),
    verify_text: () => verified(),
    read_share_request: () => ({
      service_name: 'Ngân hàng ABC', service_id: 'abc', doc_type: 'citizen_id_card', fields: ['full_name', 'id_number'],
      purpose: 'Mở tài khoản', expires_at: NOW + 600, document_id: 'doc-id',
    }),
    drafts: () => [],
    submissions: () => [
      { id: 's', kind: 'criminal_record', state: 'approved', reason: null, attempts: 1, next_attempt_at: null, result_document_id: 'r', updated_at: NOW },
    ],
    validate_form: () => [{ field: 'reason', code: 'required' }, { field: 'host.id_number', code: 'not_an_id_number' }],
    activity: () => [{ at: NOW, action: 'present', doc_type: 'health_insurance', fields: ['full_name'], counterpart: 'counter', result: 'ok' }],
    about: () => ({ version: '0.1.0', portal_url: 'http://127.0.0.1:8080', trust_anchor: null, data_dir: '/tmp' }),
    save_settings: (a: { settings: unknown }) => a.settings ?? settings(),
    unlock: () => { throw ipcError('locked_out'); },
    choose_role: () => status({ exists: false, unlocked: false }),
    station_status: () => stationStatus({ status_too_old: true, status_age_seconds: 30 * 3600 }),
    station_refresh: () => { throw ipcError('network'); },
    station_fetch_trust: () => ({ anchor: '3f2a9c01d4e7b860', anchor_groups: '3f2a 9c01 d4e7 b860', issuers: ['Bảo hiểm xã hội Việt Nam'] }),
    station_verify_text: () => verified(),
    station_settings: () => ({ max_status_age_hours: 24 }),
    station_log: () => [
      { at: NOW, result: 'ok', doc_type: 'health_insurance', fields: ['full_name', 'date_of_birth'] },
      { at: NOW - 60, result: 'bad_signature', doc_type: null, fields: [] },
    ],
  });
}

async function violations(): Promise<string[]> {
  const result = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } });
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Case = [string, Component<any>, Record<string, unknown>, (() => Promise<unknown>)?];

const click = (id: string) => fireEvent.click(screen.getByTestId(id));
const type = (id: string, value: string) => fireEvent.input(screen.getByTestId(id), { target: { value } });

const CASES: Case[] = [
  ['onboarding: language', Onboarding, {}],
  ['onboarding: ID card and form', Onboarding, {}, () => click('lang-en')],
  ['onboarding: what the device is for', Onboarding, { params: { step: 'role' } }],
  ['onboarding: restore', Onboarding, {}, async () => { await click('lang-en'); await click((await screen.findByTestId('onboard-restore')).dataset.testid!); }],
  ['unlock, locked out', Unlock, {}, async () => { for (const d of '123456') await click(`pin-key-${d}`); await vi.waitFor(() => screen.getByTestId('reset-start')); }],
  ['register', Register, {}],
  ['code', Code, { params: { registrationId: 'r' } }],
  ['home', Home, {}, async () => { await screen.findAllByTestId('doc-card'); }],
  ['document', DocumentScreen, { params: { id: 'doc-hi' } }, async () => { await screen.findAllByTestId('doc-field'); }],
  ['present: fields', Present, { params: { id: 'doc-hi' } }, async () => { await screen.findByTestId('preset-clinic'); }],
  ['present: QR', Present, { params: { id: 'doc-hi' } }, async () => { await click((await screen.findByTestId('preset-clinic')).dataset.testid!); await click('present-show'); await screen.findByTestId('qr'); }],
  ['scan', Scan, {}],
  ['counter', Counter, {}],
  ['counter: result', Counter, {}, async () => { await type('counter-text', 'EP1:X'); await click('counter-verify-text'); await screen.findByTestId('result'); }],
  ['share: request', Share, {}, async () => { await type('share-text', 'ER1:X'); await click('share-read'); await screen.findByTestId('share-send'); }],
  ['applications', Applications, { params: {} }, async () => { await screen.findByTestId('submission'); }],
  ['application form with problems', ApplicationFormScreen, { params: { kind: 'temporary_residence' } }, async () => { await click('form-submit'); await screen.findByTestId('form-error-reason'); }],
  ['criminal record form', ApplicationFormScreen, { params: { kind: 'criminal_record' } }],
  ['activity', Activity, {}, async () => { await screen.findByTestId('activity-entry'); }],
  ['station set-up: the key to compare', StationSetup, {}, async () => { await click('station-fetch'); await screen.findByTestId('station-anchor'); }],
  ['station, offline, old revocation list', Station, {}, async () => { await vi.waitFor(() => expect(screen.getByTestId('station-refresh-message').textContent).not.toBe('')); }],
  ['station: result', Station, {}, async () => { await type('counter-text', 'EP1:X'); await click('counter-verify-text'); await screen.findByTestId('result'); }],
  ['station settings and log, switch confirmation', StationSettings, {}, async () => { await screen.findAllByTestId('station-log-entry'); await click('station-to-citizen'); }],
  ['settings, reset confirmation', Settings, {}, async () => { await screen.findByTestId('about-version'); await click('reset-start'); }],
];

describe('accessibility (axe-core)', () => {
  it('the check itself catches an unnamed button and an unlabelled input', async () => {
    document.body.innerHTML = '<main><h1>x</h1><button></button><input type="text"></main>';
    const found = await violations();
    document.body.innerHTML = '';
    expect(found.map((v) => v.split(' ')[0]).sort()).toEqual(['button-name', 'label']);
  });

  for (const [name, component, props, act] of CASES) {
    for (const lang of ['vi', 'en'] as const) {
      it(`${name} (${lang})`, async () => {
        setLanguage(lang);
        ipc();
        render(component, { props });
        if (act) await act();
        expect(await violations()).toEqual([]);
      });
    }
  }
});
