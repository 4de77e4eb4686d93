// The only module that talks to the Rust side. Every call goes through
// `call`, so every failure reaches the screens as the same `ApiError` shape,
// whatever went wrong underneath. One typed wrapper per command.
import { Channel, invoke } from "@tauri-apps/api/core";
import { open, save } from "@tauri-apps/plugin-dialog";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { getCurrentWebviewWindow } from "@tauri-apps/api/webviewWindow";
import type { ApiError } from "./bindings/ApiError";
import type { AttendanceStatus } from "./bindings/AttendanceStatus";
import type { BackupInfo } from "./bindings/BackupInfo";
import type { BundleConflict } from "./bindings/BundleConflict";
import type { BundleReport } from "./bindings/BundleReport";
import type { Contact } from "./bindings/Contact";
import type { Correction } from "./bindings/Correction";
import type { Course } from "./bindings/Course";
import type { DatabaseInfo } from "./bindings/DatabaseInfo";
import type { DateRange } from "./bindings/DateRange";
import type { EmailHolder } from "./bindings/EmailHolder";
import type { EraseReport } from "./bindings/EraseReport";
import type { ExportSummary } from "./bindings/ExportSummary";
import type { MergeReport } from "./bindings/MergeReport";
import type { NewSession } from "./bindings/NewSession";
import type { Person } from "./bindings/Person";
import type { PersonDetails } from "./bindings/PersonDetails";
import type { PeopleFound } from "./bindings/PeopleFound";
import type { PersonFilter } from "./bindings/PersonFilter";
import type { PersonHistory } from "./bindings/PersonHistory";
import type { PossibleDuplicate } from "./bindings/PossibleDuplicate";
import type { Register } from "./bindings/Register";
import type { Resolution } from "./bindings/Resolution";
import type { RestoreReport } from "./bindings/RestoreReport";
import type { RecognisedHeadings } from "./bindings/RecognisedHeadings";
import type { RosterCheck } from "./bindings/RosterCheck";
import type { RosterField } from "./bindings/RosterField";
import type { RosterImported } from "./bindings/RosterImported";
import type { RosterPreview } from "./bindings/RosterPreview";
import type { RowChoice } from "./bindings/RowChoice";
import type { SessionFilter } from "./bindings/SessionFilter";
import type { SessionStatus } from "./bindings/SessionStatus";
import type { SessionSummary } from "./bindings/SessionSummary";
import type { SharedEmail } from "./bindings/SharedEmail";
import type { Settings } from "./bindings/Settings";
import type { SignedIn } from "./bindings/SignedIn";
import type { StartupReport } from "./bindings/StartupReport";
import type { RetentionReport } from "./bindings/RetentionReport";
import type { Step } from "./bindings/Step";
import type { TrainingSession } from "./bindings/TrainingSession";
import type { Feedback } from "./bindings/Feedback";
import type { Learner } from "./bindings/Learner";
import type { LearnerDetails } from "./bindings/LearnerDetails";
import type { LearnerOverview } from "./bindings/LearnerOverview";
import type { QuizInProgress } from "./bindings/QuizInProgress";
import type { QuizResult } from "./bindings/QuizResult";
import type { ConnectionCheck } from "./bindings/ConnectionCheck";
import type { LrsSetup } from "./bindings/LrsSetup";
import type { SendReport } from "./bindings/SendReport";
import type { SendStatus } from "./bindings/SendStatus";
import type { HandbookEdition } from "./bindings/HandbookEdition";
import type { HandbookSummary } from "./bindings/HandbookSummary";
import type { IssuedCertificates } from "./bindings/IssuedCertificates";
import type { RegisterKind } from "./bindings/RegisterKind";
import type { RegisterSummary } from "./bindings/RegisterSummary";
import type { Verdict } from "./bindings/Verdict";
import type { AudienceDeck } from "./bindings/AudienceDeck";
import type { Displays } from "./bindings/Displays";
import type { RoomCounts } from "./bindings/RoomCounts";
import type { CountedQuestion } from "./bindings/CountedQuestion";
import type { RoomView } from "./bindings/RoomView";
import type { RoomStep } from "./bindings/RoomStep";
import type { SpeakerDeck } from "./bindings/SpeakerDeck";
import type { StaffLock } from "./bindings/StaffLock";

export type {
  ApiError,
  AttendanceStatus,
  BackupInfo,
  BundleConflict,
  BundleReport,
  Contact,
  Correction,
  Course,
  DatabaseInfo,
  DateRange,
  EmailHolder,
  EraseReport,
  ExportSummary,
  MergeReport,
  NewSession,
  Person,
  PersonDetails,
  PeopleFound,
  PersonFilter,
  PersonHistory,
  PossibleDuplicate,
  Register,
  Resolution,
  RestoreReport,
  RecognisedHeadings,
  RosterCheck,
  RosterField,
  RosterImported,
  RosterPreview,
  RowChoice,
  SessionFilter,
  SessionStatus,
  SessionSummary,
  Settings,
  SharedEmail,
  SignedIn,
  StartupReport,
  RetentionReport,
  Step,
  TrainingSession,
  Feedback,
  Learner,
  LearnerDetails,
  LearnerOverview,
  QuizInProgress,
  QuizResult,
  HandbookEdition,
  HandbookSummary,
  IssuedCertificates,
  RegisterKind,
  RegisterSummary,
  Verdict,
};
export type { LearnerQuestion } from "./bindings/LearnerQuestion";
export type { ModuleProgress } from "./bindings/ModuleProgress";
export type { Stage } from "./bindings/Stage";
export type { ResumePoint } from "./bindings/ResumePoint";
export type { CompletionRecord } from "./bindings/CompletionRecord";
export type { AttemptRecord } from "./bindings/AttemptRecord";
export type { ConnectionCheck, LrsSetup, SendReport, SendStatus };
export type { CertifiedRecord } from "./bindings/CertifiedRecord";
export type { Module } from "./bindings/Module";
export type { BrokenModule } from "./bindings/BrokenModule";
export type { Problem } from "./bindings/Problem";
export type { RegisterEntry } from "./bindings/RegisterEntry";
export type { AudienceDeck, CountedQuestion, Displays, RoomCounts, RoomStep, RoomView, SpeakerDeck, UnlistenFn };
export type { StaffLock };
export type { At } from "./bindings/At";
export type { AudienceSlide } from "./bindings/AudienceSlide";
export type { Block } from "./bindings/Block";
export type { PauseScreen } from "./bindings/PauseScreen";
export type { Question } from "./bindings/Question";
export type { RoomMode } from "./bindings/RoomMode";
export type { RoomQuestion } from "./bindings/RoomQuestion";
export type { Slide } from "./bindings/Slide";
export type { Span } from "./bindings/Span";

/** Heading → field choices the trainer made for a roster file. */
export type ColumnMapping = Record<string, RosterField>;

function isApiError(value: unknown): value is ApiError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as ApiError).code === "string" &&
    typeof (value as ApiError).message === "string"
  );
}

/** Turns anything a failed call rejects with into an `ApiError`. */
export function toApiError(error: unknown): ApiError {
  if (isApiError(error)) return error;
  return { code: "unexpected", message: String(error) };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw toApiError(error);
  }
}

// The course and the database.

/** The course as the library loaded it, broken modules included. */
export const getCourse = () => call<Course>("get_course");

/** An image of the course (`src` as the module wrote it) as a data: URL. */
export const courseImage = (src: string) => call<string>("course_image", { src });

/** Where the records database is and its schema version. */
export const getDatabase = () => call<DatabaseInfo>("get_database");

/** What retention and the daily backup did when the app started. */
export const getStartupReport = () => call<StartupReport | null>("get_startup_report");

/** Text folded as the library's search folds it ("Zoë" → "zoe"). */
export const foldForSearch = (text: string) => call<string>("fold_for_search", { text });

/** The folder exports are suggested in (Documents, else home). */
export const defaultExportFolder = () => call<string>("default_export_folder");

// Long work: progress and cancelling.

/**
 * Long work the window is watching: the channel its progress comes back on
 * (passed to the command that does the work) and a way to ask it to stop.
 */
export class Task {
  readonly channel: Channel<Step>;
  constructor(onStep: (step: Step) => void) {
    this.channel = new Channel<Step>(onStep);
  }
  /** Asks the work to stop; it leaves nothing half-written. */
  cancel() {
    return call<boolean>("cancel_task", { task: this.channel.id });
  }
}

// Choosing files: the system's own dialogs.

/** A kind of file a dialog offers, e.g. `{ name: "CSV", extensions: ["csv"] }`. */
export type FileKind = { name: string; extensions: string[] };

declare global {
  interface Window {
    /**
     * Test-only: end-to-end tests cannot drive the system's dialogs, so they
     * queue the answers here (through WebDriver) and each dialog takes the
     * next one instead of opening.
     */
    __signpostDialogAnswers?: (string | null)[];
  }
}

function queuedAnswer(): string | null | undefined {
  const queue = window.__signpostDialogAnswers;
  return queue && queue.length > 0 ? queue.shift() : undefined;
}

/** Asks where to save a file; `null` when the person cancels. */
export async function chooseSavePath(title: string, defaultPath: string, kind: FileKind) {
  const queued = queuedAnswer();
  if (queued !== undefined) return queued;
  return save({ title, defaultPath, filters: [kind] });
}

/** Asks for one existing file; `null` when the person cancels. */
export async function chooseOpenPath(title: string, kinds: FileKind[], defaultPath?: string) {
  const queued = queuedAnswer();
  if (queued !== undefined) return queued;
  const chosen = await open({ title, filters: kinds, defaultPath, multiple: false, directory: false });
  return typeof chosen === "string" ? chosen : null;
}

/** Asks for a folder; `null` when the person cancels. */
export async function chooseFolder(title: string, defaultPath?: string) {
  const queued = queuedAnswer();
  if (queued !== undefined) return queued;
  const chosen = await open({ title, defaultPath, multiple: false, directory: true });
  return typeof chosen === "string" ? chosen : null;
}

/** Opens a file Signpost wrote in the program the system uses for it. */
export const openWrittenFile = (path: string) => call<null>("open_written_file", { path });

/** Shows a file Signpost wrote in its folder. */
export const revealWrittenFile = (path: string) => call<null>("reveal_written_file", { path });

// Sessions, the register, the kiosk and rosters.

export const listSessions = () => call<SessionSummary[]>("list_sessions");

export const createSession = (session: NewSession) =>
  call<TrainingSession>("create_session", { session });

export const getRegister = (sessionId: string) => call<Register>("get_register", { sessionId });

export const closeSession = (sessionId: string) =>
  call<TrainingSession>("close_session", { sessionId });

export const signIn = (sessionId: string, details: PersonDetails) =>
  call<SignedIn>("sign_in", { sessionId, details });

/** Marks someone; on a closed session `reason` is required and a correction comes back. */
export const setAttendance = (
  sessionId: string,
  personId: string,
  status: AttendanceStatus,
  reason: string | null = null,
) => call<Correction | null>("set_attendance", { sessionId, personId, status, reason });

/** Puts someone on an open register by hand, with a mark; returns the person. */
export const addToRegister = (sessionId: string, details: PersonDetails, status: AttendanceStatus) =>
  call<Person>("add_to_register", { sessionId, details, status });

export const listCorrections = (sessionId: string) =>
  call<Correction[]>("list_corrections", { sessionId });

/** The headings a roster's columns are recognised by, by field. */
export const rosterHeadings = () => call<RecognisedHeadings[]>("roster_headings");

/** What the roster file at `path` would import, with the rows that share someone's email. */
export const previewRoster = (path: string, mapping: ColumnMapping) =>
  call<RosterCheck>("preview_roster", { path, mapping });

/**
 * Imports the roster file at `path` (read again, so what is imported is what
 * was checked: a file changed since its check, whose `fingerprint` it
 * carries, is refused); `choices` says, by row number, who each flagged row is.
 */
export const importRoster = (
  sessionId: string,
  path: string,
  mapping: ColumnMapping,
  fingerprint: string,
  choices: Record<number, RowChoice> = {},
) => call<RosterImported>("import_roster", { sessionId, path, mapping, choices, fingerprint });

// Exports and bundles.

/** The attendance exports, by the command that writes each format. */
export const attendanceFormats = {
  csv: { label: "CSV (spreadsheet)", extension: "csv", command: "export_csv" },
  xlsx: { label: "Excel workbook", extension: "xlsx", command: "export_xlsx" },
  xapi: { label: "xAPI statements (JSON, for an LMS)", extension: "json", command: "export_xapi" },
  results: {
    label: "Quiz results and course completions (CSV)",
    extension: "csv",
    command: "export_results_csv",
  },
} as const;
export type AttendanceFormat = keyof typeof attendanceFormats;

export const exportAttendance = (
  format: AttendanceFormat,
  range: DateRange,
  path: string,
  task: Task,
) => call<ExportSummary>(attendanceFormats[format].command, { range, path, progress: task.channel });

export const exportBundle = (path: string) => call<ExportSummary>("export_bundle", { path });

/** The erasure list: who was erased here, by id only, for other computers to erase too. */
export const exportErasures = (path: string) => call<ExportSummary>("export_erasures", { path });

/**
 * Checks (`dryRun`) or imports a record bundle, counting kilobytes read on
 * `task`; `resolutions`: for each person in conflict (by id), keep ours or
 * take the bundle's; `erase`: the record keeper agreed to erase here whom
 * the bundle says was erased where it was made (without it such a bundle
 * imports nothing).
 */
export const importBundle = (
  path: string,
  dryRun: boolean,
  task: Task,
  resolutions: Record<string, Resolution> = {},
  erase = false,
) => call<BundleReport>("import_bundle", { path, dryRun, resolutions, erase, progress: task.channel });

// Records: search, history, erasure.

export const searchSessions = (filter: SessionFilter) =>
  call<SessionSummary[]>("search_sessions", { filter });

/** The first people a search finds, by name, and how many it found. */
export const searchPeople = (filter: PersonFilter) => call<PeopleFound>("search_people", { filter });

export const personHistory = (personId: string) =>
  call<PersonHistory>("person_history", { personId });

/** Erases a person from the records and every backup; `task` counts the files cleaned. */
export const erasePerson = (personId: string, task: Task) =>
  call<EraseReport>("erase_person", { personId, progress: task.channel });

/** Pairs of records that may be one person. */
export const possibleDuplicates = () => call<PossibleDuplicate[]>("possible_duplicates");

/** Makes `merged` part of `kept`: one person, one record. */
export const mergePeople = (kept: string, merged: string) =>
  call<MergeReport>("merge_people", { kept, merged });

// The learner's path. The window never decides a mark: answers go to the
// library and the feedback (which options were right) comes back.

/** Starts the training: finds or adds the learner. */
export const startLearner = (details: LearnerDetails) =>
  call<Learner>("start_learner", { details });

/** A returning learner, by their name and email, staff number or team. */
export const continueLearner = (name: string, key: string) =>
  call<Learner>("continue_learner", { name, key });

export const learnerOverview = (personId: string) =>
  call<LearnerOverview>("learner_overview", { personId });

/** Saves the slide the learner is on; the number of slides means "at the quiz". */
export const savePlace = (personId: string, moduleId: string, slide: number) =>
  call<null>("save_place", { personId, moduleId, slide });

/** The module's quiz: the attempt under way, or a fresh draw. */
export const startQuiz = (personId: string, moduleId: string) =>
  call<QuizInProgress>("start_quiz", { personId, moduleId });

/** Sets aside any attempt under way and draws a fresh one. */
export const freshQuiz = (personId: string, moduleId: string) =>
  call<QuizInProgress>("fresh_quiz", { personId, moduleId });

/** Saves and marks one answer; resolves to the feedback. */
export const answerQuestion = (
  personId: string,
  attemptId: string,
  questionId: string,
  chosen: number[],
) => call<Feedback>("answer_question", { personId, attemptId, questionId, chosen });

export const finishQuiz = (personId: string, attemptId: string) =>
  call<QuizResult>("finish_quiz", { personId, attemptId });

// Settings and backups.

// The staff lock: while a staff passphrase is set, the records open only to
// whoever types it (the rule is the Rust side's).
export const staffLock = () => call<StaffLock>("staff_lock");
export const lockStaff = () => call<StaffLock>("lock_staff");
export const unlockStaff = (passphrase: string) => call<StaffLock>("unlock_staff", { passphrase });
/** Sets, changes or (`next` null) removes it; `current` is "" when none is set. */
export const setStaffPassphrase = (current: string, next: string | null) =>
  call<StaffLock>("set_staff_passphrase", { current, new: next });

export const getSettings = () => call<Settings>("get_settings");

export const saveSettings = (settings: Settings) => call<null>("save_settings", { settings });

/** Applies the retention period now, even when it deletes every record
 * (start-up held it back until a person checks the computer's clock). */
export const applyRetention = () => call<RetentionReport>("apply_retention");
/** Reads and checks the logo file chosen; resolves to it as a data: URL. */
export const readLogo = (path: string) => call<string>("read_logo", { path });

export const listBackups = () => call<BackupInfo[]>("list_backups");

/** Backs up into the backups folder now; resolves to the file written. */
export const backupNow = (task: Task) => call<string>("backup_now", { progress: task.channel });

export const restoreBackup = (path: string, task: Task) =>
  call<RestoreReport>("restore_backup", { path, progress: task.channel });

/** Restores a backup over a database too damaged to open. */
export const restoreDamagedDatabase = (path: string) =>
  call<RestoreReport>("restore_damaged_database", { path });

// The Learning Record Store. These are the only calls that make Signpost
// reach the network, and only when a person presses Test connection or Send.

/** Where the LRS is, and whether its secret is kept in the credential store. */
export const getLrsSetup = () => call<LrsSetup>("get_lrs_setup");

/** Saves the address and key; a non-empty `secret` goes to the credential store. */
export const saveLrsSetup = (endpoint: string, key: string, secret: string | null) =>
  call<LrsSetup>("save_lrs_setup", { endpoint, key, secret });

/** Asks the LRS whether it answers and accepts the key and secret. */
export const testLrsConnection = (endpoint: string, key: string, secret: string | null) =>
  call<ConnectionCheck>("test_lrs_connection", { endpoint, key, secret });

/** What the LRS has acknowledged, and what is new since; `null` when none is set up. */
export const lrsStatus = () => call<SendStatus | null>("lrs_status");

/** Sends what the LRS has not acknowledged, counting statements on `task`. */
export const sendToLrs = (range: DateRange, secret: string | null, task: Task) =>
  call<SendReport>("send_to_lrs", { range, secret, progress: task.channel });

// Documents: certificates, the handbook, registers, and checking a certificate.

/**
 * Issues one person's certificate to `path`: of attendance for `sessionId`,
 * or of completing the course when it is null (every module's quiz passed).
 */
export const issueCertificate = (personId: string, sessionId: string | null, path: string) =>
  call<IssuedCertificates>("issue_certificate", { personId, sessionId, path });

/** Why that certificate cannot be issued, before anyone picks where to save it. */
export const checkCertificate = (personId: string, sessionId: string | null) =>
  call<null>("check_certificate", { personId, sessionId });

/**
 * Certificates of attendance for everyone present or late at a session: one
 * PDF each in the folder `path`, or one PDF at `path` with a page each.
 */
export const issueSessionCertificates = (
  sessionId: string,
  path: string,
  oneFile: boolean,
  task: Task,
) =>
  call<IssuedCertificates>("issue_session_certificates", {
    sessionId,
    path,
    oneFile,
    progress: task.channel,
  });

export const writeHandbook = (edition: HandbookEdition, path: string, task: Task) =>
  call<HandbookSummary>("write_handbook", { edition, path, progress: task.channel });

export const writeRegister = (sessionId: string, kind: RegisterKind, path: string) =>
  call<RegisterSummary>("write_register", { sessionId, kind, path });

/** Checks a certificate code as typed or pasted. */
export const verifyCertificate = (code: string) => call<Verdict>("verify_certificate", { code });

/** Checks every certificate in a PDF. */
export const verifyCertificateFile = (path: string) =>
  call<Verdict[]>("verify_certificate_file", { path });

// Presenting to a room: the main window starts it; the audience and speaker
// windows draw from their own copy of the deck and from `room` events.

/** The label of the window this code runs in: `main`, `audience` or `speaker`. */
export const windowLabel = () => getCurrentWebviewWindow().label;

/** Opens the presenting windows on the chosen modules (all when empty), for a session or none. */
export const startPresenting = (modules: string[], sessionId: string | null) =>
  call<null>("start_presenting", { modules, sessionId });

export const audienceDeck = () => call<AudienceDeck>("audience_deck");
export const speakerDeck = () => call<SpeakerDeck>("speaker_deck");
export const roomView = () => call<RoomView>("room_view");

/** A key pressed in a presenting window (`KeyboardEvent.key`); the library decides what it does. */
/** The last key or step sent from this window: the next waits for it, so
 * the presentation reads them in the order pressed ("1" before Enter);
 * commands sent together may otherwise overtake each other. */
let lastSent: Promise<unknown> = Promise.resolve();
function inOrder(send: () => Promise<null>): Promise<null> {
  const sent = lastSent.then(send);
  lastSent = sent.catch(() => undefined);
  return sent;
}
export const presentKey = (key: string) => inOrder(() => call<null>("present_key", { key }));
export const presentStep = (step: RoomStep) => inOrder(() => call<null>("present_step", { step }));
export const presentDisplays = () => call<Displays>("present_displays");
export const swapDisplays = () => call<Displays>("swap_displays");
export const endPresenting = () => call<null>("end_presenting");

/** Keeps the hands raised for each option; the session and module are the presentation's own. */
export const recordRoomAnswers = (questionId: string, hands: number[]) =>
  call<RoomCounts>("record_room_answers", { questionId, hands });

export const roomAnswers = (sessionId: string) => call<CountedQuestion[]>("room_answers", { sessionId });

/** Calls `handler` with every new view of the room. */
export const onRoom = (handler: (view: RoomView) => void) =>
  listen<RoomView>("room", (event) => handler(event.payload));

/** Calls `handler` when the windows are placed on the displays again. */
export const onDisplays = (handler: (displays: Displays) => void) =>
  listen<Displays>("displays", (event) => handler(event.payload));

/** Calls `handler` in the main window when presenting ends. */
export const onPresentingEnded = (handler: () => void) => listen("presenting-ended", () => handler());
