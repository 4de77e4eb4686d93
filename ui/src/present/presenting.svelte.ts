// The main window's side of presenting: whether a presentation is under way
// (so the main window can say so and offer to end it), and starting one.
// When either presenting window closes, the shell says so with an event and
// the main window is back where the trainer left it.
import { endPresenting, onPresentingEnded, startPresenting, toApiError } from "../api";
import type { ApiError } from "../api";

class Presenting {
  on = $state(false);
  error: ApiError | undefined = $state();
  /** Bumped each time presenting ends, so a screen can reload what it shows. */
  ended = $state(0);
  #listening = false;

  async start(modules: string[], sessionId: string | null) {
    this.error = undefined;
    try {
      if (!this.#listening) {
        this.#listening = true;
        await onPresentingEnded(() => {
          this.on = false;
          this.ended += 1;
        });
      }
      await startPresenting(modules, sessionId);
      this.on = true;
    } catch (e) {
      this.error = toApiError(e);
    }
  }

  async end() {
    try {
      await endPresenting();
    } catch (e) {
      this.error = toApiError(e);
    }
  }
}

export const presenting = new Presenting();
