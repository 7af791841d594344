// A fake Rust side for component tests: the real api.ts runs, and its invoke calls land here.
import { mockIPC } from '@tauri-apps/api/mocks';
import type { IpcError } from '../lib/types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler = (args: any) => unknown;

export interface Call {
  cmd: string;
  args: unknown;
}

/** Installs handlers by command name; returns the list of calls made, in order. */
export function fakeIpc(handlers: Record<string, Handler>): Call[] {
  const calls: Call[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args });
    const handler = handlers[cmd];
    if (!handler) throw ipcError('unexpected', { message: `no fake for ${cmd}` });
    return handler(args);
  });
  return calls;
}

export function ipcError(code: string, extra: Partial<IpcError> = {}): IpcError {
  return { code, message: code, wait_seconds: null, remaining: null, fields: [], ...extra };
}

/** The names of the commands called, in order. */
export function commands(calls: Call[]): string[] {
  return calls.map((c) => c.cmd);
}
