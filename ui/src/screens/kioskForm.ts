// The kiosk's form logic, kept apart from the markup so it can be tested
// alone: what is cleared after a sign-in. No calls, no state.

/** What an attendee types at the kiosk. */
export type KioskFields = { name: string; organisation: string; jobRole: string; email: string };

/**
 * The form after a sign-in of `sent`: each field that still holds what was
 * sent is emptied; a field someone has typed into since keeps their text,
 * so the next person never loses what they started.
 */
export function clearSubmitted(now: KioskFields, sent: KioskFields): KioskFields {
  const keep = (key: keyof KioskFields) => (now[key] === sent[key] ? "" : now[key]);
  return {
    name: keep("name"),
    organisation: keep("organisation"),
    jobRole: keep("jobRole"),
    email: keep("email"),
  };
}
