// The room as a presenting window sees it: the latest view the presentation
// sent, never an older one (events and the first fetch can cross), with a
// paint mark for each new view for the benchmark.
import { onRoom, roomView, toApiError } from "../api";
import type { ApiError, RoomView, UnlistenFn } from "../api";
import { markPainted } from "./marks";

export class Room {
  view: RoomView | undefined = $state();
  error: ApiError | undefined = $state();
  #unlisten: UnlistenFn | undefined;

  /** Listens first, then asks, so no change between the two is missed. */
  async connect() {
    try {
      this.#unlisten = await onRoom((view) => this.accept(view));
      this.accept(await roomView());
    } catch (e) {
      this.error = toApiError(e);
    }
  }

  accept(view: RoomView) {
    if (this.view && view.version <= this.view.version) return;
    this.view = view;
    markPainted(view.version);
  }

  disconnect() {
    this.#unlisten?.();
  }
}
