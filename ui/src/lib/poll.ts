// Runs a task now and then every `ms` while a screen is open; one run at a time.

export function startPolling(task: () => Promise<unknown>, ms: number): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  async function run() {
    if (stopped) return;
    try {
      await task();
    } catch {
      // The task shows its own errors; polling just tries again later.
    }
    if (!stopped) timer = setTimeout(run, ms);
  }

  timer = setTimeout(run, ms);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
