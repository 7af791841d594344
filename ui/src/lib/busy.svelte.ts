// The one way a screen runs a command the citizen started (a button, a form): while it runs the
// screen is busy (its buttons are disabled), and when it fails the error is kept for the screen's
// notice, which turns it into a sentence with `$errorText(action.error)` (lib/errors.ts).
//
//   const action = new Busy();
//   async function save() {
//     await action.run(async () => {
//       await api.saveSomething();
//       router.reset('home'); // only after success, before `busy` turns off
//     });
//   }
//   <button disabled={action.busy} onclick={save}>…</button>
//   <Notice tone="error" text={action.error ? $errorText(action.error) : ''} />

/**
 * Reactive `busy` and `error` for one screen or component, and `run`, which sets them around a
 * task. One instance can serve several commands that share the screen's buttons and notice.
 */
export class Busy {
  /** True while a `run` is under way. */
  busy = $state(false);

  /**
   * What the last run threw, as thrown (the api module throws an `IpcError`; anything else is
   * explained as "unexpected" by `errorText`), or null. It is cleared only when a run starts, so
   * a screen may also write here itself: errors from camera frames or from loading on mount
   * that it shows in the same notice, or `null` when it starts over.
   */
  error: unknown = $state.raw(null);

  /**
   * Runs `task`: sets `busy` and clears `error`, then calls `task` at once (its code before the
   * first `await` runs in the same tick); a failure is stored in `error`, never rethrown; `busy`
   * is always cleared at the end. Returns what `task` returned, or undefined when it failed.
   *
   * A run asked for while another is under way is ignored: `task` is not called, nothing changes
   * and it returns undefined at once (a double tap sends one request). To call one task from
   * another, call the inner function itself, not through `run`.
   *
   * For a failure that needs more than the notice (a step to go back to, problems shown at their
   * fields instead), catch it inside `task`, do that, and rethrow it if the notice should say it.
   */
  async run<T>(task: () => T | Promise<T>): Promise<T | undefined> {
    if (this.busy) return undefined;
    this.busy = true;
    this.error = null;
    try {
      return await task();
    } catch (e) {
      this.error = e;
      return undefined;
    } finally {
      this.busy = false;
    }
  }
}
