// How records are written for people on screen: local dates and times,
// status names, first names and file paths. No calls, no state.
import type { AttendanceStatus } from "../api";

/** Register marks in the order a trainer chooses between them. */
export const statusLabels: Record<AttendanceStatus, string> = {
  present: "Present",
  late: "Late",
  left_early: "Left early",
  absent: "Absent",
  expected: "Expected",
};
export const statuses = Object.keys(statusLabels) as AttendanceStatus[];

/** Dates and times are written the UK way (23 Nov 2026, 14:05), the language
 * of the whole app, whatever language the computer is set to; the time zone
 * is still the computer's own. */
const locale = "en-GB";

/** A stored instant as a Date; tolerates more fractional digits than JS reads. */
function instant(stored: string): Date {
  return new Date(stored.replace(/(\.\d{3})\d+/, "$1"));
}

/** A stored instant as the local time of day, e.g. "09:41" (24-hour clock). */
export function localTime(stored: string | null): string {
  if (!stored) return "";
  return instant(stored).toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit" });
}

/** A stored instant as a local date and time. */
export function localDateTime(stored: string): string {
  return instant(stored).toLocaleString(locale, { dateStyle: "medium", timeStyle: "short" });
}

/**
 * When someone signed in, for a register of a session on `sessionDate`
 * (YYYY-MM-DD): the local time, with the date in front when it was
 * another day (a sign-in left open overnight, say).
 */
export function signInTime(stored: string | null, sessionDate: string): string {
  if (!stored) return "";
  const local = instant(stored);
  if (today(local) === sessionDate) return localTime(stored);
  return `${civilDate(today(local))}, ${localTime(stored)}`;
}

/** Whether a session on `date` (YYYY-MM-DD) is more than a year before `now`. */
export function overAYearAgo(date: string, now = new Date()): boolean {
  const [y, m, d] = date.split("-").map(Number);
  if (!y || !m || !d) return false;
  const yearAgo = new Date(now.getFullYear() - 1, now.getMonth(), now.getDate());
  return new Date(y, m - 1, d) < yearAgo;
}

/** A message from the library as a sentence: capital first, full stop last. */
export function sentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** A civil date (YYYY-MM-DD) as "23 Nov 2026", without shifting its day. */
export function civilDate(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(y, m - 1, d).toLocaleDateString(locale, { dateStyle: "medium" });
}

/** "HH:MM:SS" as "HH:MM". */
export const shortTime = (time: string) => time.slice(0, 5);

/** Today as YYYY-MM-DD in local time. */
export function today(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The name a person is thanked by: the first word of what they typed. */
export const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? "";

/** `name` inside `folder`, with the folder's own separator. */
export function joinPath(folder: string, name: string): string {
  const sep = folder.includes("\\") && !folder.includes("/") ? "\\" : "/";
  return folder.endsWith(sep) ? folder + name : folder + sep + name;
}

/** An empty text field as "not given". */
export const optional = (text: string) => (text.trim() === "" ? null : text.trim());

/** A count as UK English writes it: 10,000. */
export const count = (n: number) => n.toLocaleString("en-GB");

/** A count of things, one or many: "1 session", "10,000 sessions". */
export const plural = (n: number, one: string, many: string) => `${count(n)} ${n === 1 ? one : many}`;
