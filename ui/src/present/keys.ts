// Which key presses a presenting window passes on to the presentation.
// What a key then does is decided once, in the library; a window only
// keeps for itself what belongs to it: typing in a field, a button's own
// Enter and Space, browser shortcuts with Ctrl/Alt/Cmd, and ? (the list of
// keys, shown in the window that got it).

import { inControl } from "../lib/typing";

/** Whether `event` should go to the presentation. */
export function forRoom(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey) return false;
  if (event.key === "?" || event.key === "Unidentified" || event.key === "Dead") return false;
  const target = event.target;
  if (inControl(target)) return false;
  if ((target instanceof HTMLButtonElement || target instanceof HTMLAnchorElement) && (event.key === "Enter" || event.key === " ")) {
    return false;
  }
  return true;
}
