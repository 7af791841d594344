import { describe, expect, it } from 'vitest';
import { Router } from './router.svelte';

describe('router', () => {
  it('starts on the given screen', () => {
    const r = new Router({ screen: 'unlock', params: {} });
    expect(r.current).toEqual({ screen: 'unlock', params: {} });
    expect(r.canGoBack).toBe(false);
  });

  it('opens screens with params and goes back through them', () => {
    const r = new Router();
    r.go('document', { id: 'd1' });
    r.go('present', { id: 'd1' });
    expect(r.current).toEqual({ screen: 'present', params: { id: 'd1' } });
    r.back();
    expect(r.current).toEqual({ screen: 'document', params: { id: 'd1' } });
    r.back();
    expect(r.current.screen).toBe('home');
    expect(r.canGoBack).toBe(false);
  });

  it('goes to the fallback when there is nothing to go back to', () => {
    const r = new Router({ screen: 'counter', params: {} });
    r.back('scan');
    expect(r.current.screen).toBe('scan');
  });

  it('forgets the history on reset', () => {
    const r = new Router();
    r.go('document', { id: 'd1' });
    r.reset('settings');
    expect(r.current.screen).toBe('settings');
    expect(r.canGoBack).toBe(false);
  });

  it('copies params, so a caller changing its object does not move the screen', () => {
    const r = new Router();
    const params = { id: 'a' };
    r.go('document', params);
    params.id = 'b';
    expect(r.current.params.id).toBe('a');
  });

  it('locks to Unlock and resumes where the citizen was', () => {
    const r = new Router();
    r.go('application-form', { kind: 'temporary_absence' });
    r.lock();
    expect(r.current.screen).toBe('unlock');
    r.resume();
    expect(r.current).toEqual({ screen: 'application-form', params: { kind: 'temporary_absence' } });
  });

  it('does not lock during onboarding, and resumes to Home after a cold start', () => {
    const r = new Router({ screen: 'onboarding', params: {} });
    r.lock();
    expect(r.current.screen).toBe('onboarding');
    const cold = new Router({ screen: 'unlock', params: {} });
    cold.resume();
    expect(cold.current.screen).toBe('home');
  });

  it('locking twice keeps the first place to return to', () => {
    const r = new Router();
    r.go('activity');
    r.lock();
    r.lock();
    r.resume();
    expect(r.current.screen).toBe('activity');
  });
});
