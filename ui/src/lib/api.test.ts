import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { api, setLockedHandler, toIpcError } = await import('./api');

describe('api', () => {
  beforeEach(() => {
    invoke.mockReset();
    invoke.mockResolvedValue(null);
  });

  it('sends camelCase argument objects with the snake_case command names', async () => {
    await api.verifyCode('reg-1', '123456');
    await api.share('ER1:abc', 'doc-1', ['full_name']);
    await api.submitApplication({ kind: 'temporary_absence', from: 'a', until: 'b', destination: { line: '', ward: '', district: '', province: '' }, reason: '' }, null);
    await api.changePin('111111', '222222');
    await api.present('doc-1', ['date_of_birth']);
    await api.activity(50);
    expect(invoke.mock.calls.map((c) => [c[0], c[1]])).toEqual([
      ['verify_code', { registrationId: 'reg-1', code: '123456' }],
      ['share', { text: 'ER1:abc', documentId: 'doc-1', fields: ['full_name'] }],
      [
        'submit_application',
        { form: { kind: 'temporary_absence', from: 'a', until: 'b', destination: { line: '', ward: '', district: '', province: '' }, reason: '' }, draftId: null },
      ],
      ['change_pin', { old: '111111', new: '222222' }],
      ['present', { id: 'doc-1', fields: ['date_of_birth'], audience: null }],
      ['activity', { limit: 50 }],
    ]);
  });

  it('sends images as a raw body and camera frames with their size in headers', async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    await api.scanImage(bytes);
    const pixels = new Uint8Array(640 * 480);
    await api.verifyFrame({ pixels, width: 640, height: 480 });
    expect(invoke).toHaveBeenNthCalledWith(1, 'scan_image', bytes, undefined);
    expect(invoke).toHaveBeenNthCalledWith(2, 'verify_frame', pixels, { headers: { 'x-width': '640', 'x-height': '480' } });
  });

  it('rejects with an IpcError and tells the app when the wallet is locked', async () => {
    const onLocked = vi.fn();
    setLockedHandler(onLocked);
    invoke.mockRejectedValueOnce({ code: 'locked', message: 'locked', wait_seconds: null, remaining: null, fields: [] });
    await expect(api.documents()).rejects.toMatchObject({ code: 'locked' });
    expect(onLocked).toHaveBeenCalledTimes(1);

    invoke.mockRejectedValueOnce({ code: 'wrong_pin', message: 'no', wait_seconds: null, remaining: 4, fields: [] });
    await expect(api.unlock('000000')).rejects.toMatchObject({ code: 'wrong_pin', remaining: 4 });
    expect(onLocked).toHaveBeenCalledTimes(1);
  });

  it('wraps anything else thrown as an unexpected IpcError', async () => {
    invoke.mockRejectedValueOnce('IPC not available');
    await expect(api.appStatus()).rejects.toEqual({
      code: 'unexpected',
      message: 'IPC not available',
      wait_seconds: null,
      remaining: null,
      fields: [],
    });
    expect(toIpcError({ code: 'network' })).toEqual({ code: 'network', message: '', wait_seconds: null, remaining: null, fields: [] });
  });
});
