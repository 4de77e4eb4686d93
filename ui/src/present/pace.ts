// The speaker's pace indicator: how far through the module the trainer is,
// against how far the module's planned minutes say they should be by now.
// Only a hint for the trainer; nothing is recorded.

export type Pace = { kind: "on" | "ahead" | "behind"; minutes: number; text: string };

/**
 * `elapsedMs` in the module so far, `minutes` planned for it, and the
 * trainer at stop `stop` (from 0) of `stops`.
 */
export function pace(elapsedMs: number, minutes: number, stop: number, stops: number): Pace {
  if (minutes <= 0 || stops <= 0) return { kind: "on", minutes: 0, text: "No planned time" };
  const planned = minutes * 60_000;
  // Being on stop n means n stops are done.
  const due = (stop / stops) * planned;
  const diff = Math.round((due - elapsedMs) / 60_000);
  if (diff === 0) return { kind: "on", minutes: 0, text: "On time" };
  const n = Math.abs(diff);
  const unit = n === 1 ? "minute" : "minutes";
  return diff > 0
    ? { kind: "ahead", minutes: n, text: `${n} ${unit} ahead` }
    : { kind: "behind", minutes: n, text: `${n} ${unit} behind` };
}

/** 65 s → "1:05"; an hour or more → "1:02:05". */
export function duration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}
