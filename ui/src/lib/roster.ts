// How a roster import's outcome and its shared emails are put into words.
// No calls, no state.
import type { EmailHolder, RecognisedHeadings, RosterImported } from "../api";

const people = (n: number) => (n === 1 ? "1 person" : `${n} people`);

/** What an import did, every count as the library reported it. */
export function importedSummary(done: RosterImported): string {
  const parts = [`Added ${people(done.addedToRegister)} to the register as expected`];
  if (done.newPeople > 0) parts.push(`${done.newPeople} of them new to the records`);
  if (done.alreadyOnRegister > 0) {
    parts.push(
      `${people(done.alreadyOnRegister)} ${done.alreadyOnRegister === 1 ? "was" : "were"} already on it`,
    );
  }
  if (done.repeatedInFile > 0) {
    parts.push(
      `${done.repeatedInFile} ${done.repeatedInFile === 1 ? "row named" : "rows named"} someone an earlier row had already added`,
    );
  }
  return `${parts.join("; ")}.`;
}

/** Who already gave an email: an earlier row of the file, or a record here. */
export function holderLabel(holder: EmailHolder): string {
  return holder.row === null
    ? `${holder.name} (already in the records)`
    : `${holder.name} (row ${holder.row})`;
}

/** "A or B", "A, B or C": the ways one field's heading may be written. */
function either(words: string[]): string {
  return words.length < 2 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`;
}

/** The headings the library recognises without a mapping, field by field. */
export function headingsHint(recognised: RecognisedHeadings[]): string {
  return recognised.map((r) => either(r.headings)).join("; ");
}
