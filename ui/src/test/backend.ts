// A mocked Rust side for the screen tests: each command answers from a
// table, and every call is remembered so a test can say what was sent.
import { mockIPC } from "@tauri-apps/api/mocks";

export type Call = { cmd: string; args: Record<string, unknown> };

export function mockBackend(responses: Record<string, (args: Record<string, unknown>) => unknown>) {
  const calls: Call[] = [];
  mockIPC((cmd, args) => {
    const payload = (args ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args: payload });
    const respond = responses[cmd];
    if (!respond) throw new Error(`unexpected command ${cmd}`);
    return respond(payload);
  });
  return calls;
}
