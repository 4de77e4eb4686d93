// Performance marks for the presenting benchmark (scripts/bench-present):
// when a key was pressed in this window, and when each new view of the room
// was painted. "Painted" is the first animation frame after the DOM
// changed, plus a task, which is when the frame has been handed to the
// compositor. Times are kept as milliseconds since the epoch so that the
// audience and speaker windows (separate pages) can be compared.
let lastKey: number | undefined;

const epoch = (t: number) => performance.timeOrigin + t;

/** Notes a key press (its event time). */
export function markKey(event: KeyboardEvent) {
  lastKey = event.timeStamp || performance.now();
  performance.mark("present-key", { startTime: lastKey });
}

/** Notes when view `version` arrived in this window, then when it has been
 * painted: the difference splits a key's delay into the presentation's
 * answer and this window's drawing. */
export function markPainted(version: number) {
  const key = lastKey;
  lastKey = undefined;
  const receivedAt = epoch(performance.now());
  requestAnimationFrame(() => {
    const frameAt = epoch(performance.now());
    setTimeout(() => {
      const now = performance.now();
      performance.mark(`present-painted-${version}`, {
        startTime: now,
        detail: {
          version,
          receivedAt,
          frameAt,
          paintedAt: epoch(now),
          keyAt: key === undefined ? null : epoch(key),
        },
      });
    }, 0);
  });
}
