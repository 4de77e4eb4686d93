// Whether a key press belongs to a form control: typing in a field,
// choosing in a list (a select's arrows), editing text. A window's own
// shortcuts (turning slides, presenting) leave such keys alone.

export function inControl(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable ||
      target instanceof HTMLInputElement ||
      target instanceof HTMLTextAreaElement ||
      target instanceof HTMLSelectElement)
  );
}
