// Runs before every test file: the catalogues loaded, English by default (tests that check the
// Vietnamese text switch), no IPC mock left over, and the media calls jsdom lacks.
import { afterEach, beforeEach } from 'vitest';
import { clearMocks } from '@tauri-apps/api/mocks';
import { setLanguage } from '../lib/i18n';
import { router } from '../lib/router.svelte';

HTMLMediaElement.prototype.play = function play() {
  return Promise.resolve();
};

beforeEach(() => {
  setLanguage('en');
  router.reset('home');
});

afterEach(() => {
  clearMocks();
});
