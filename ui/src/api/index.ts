// The only module that talks to the Rust side. Every call goes through
// `call`, so every failure reaches the screens as the same `ApiError` shape,
// whatever went wrong underneath.
import { invoke } from "@tauri-apps/api/core";
import type { ApiError } from "./bindings/ApiError";
import type { Course } from "./bindings/Course";
import type { DatabaseInfo } from "./bindings/DatabaseInfo";

export type { ApiError, Course, DatabaseInfo };
export type { Module } from "./bindings/Module";
export type { BrokenModule } from "./bindings/BrokenModule";
export type { Problem } from "./bindings/Problem";

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

/** The course as the library loaded it, broken modules included. */
export const getCourse = () => call<Course>("get_course");

/** Where the records database is and its schema version. */
export const getDatabase = () => call<DatabaseInfo>("get_database");
