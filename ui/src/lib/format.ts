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
