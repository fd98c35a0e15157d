// Messages are one JSON file per namespace per language: messages/<locale>/<namespace>.json. Every file in the
// language's folder is loaded and becomes the namespace named after it, so a page adds its own namespace file
// without touching anyone else's. English is the fallback for a key a Chinese file lacks.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Locale } from "./config";

export type Messages = Record<string, unknown>;

/** The web app runs with its own folder as the working directory (npm start, the tests, next build). */
const MESSAGES_DIR = path.join(process.cwd(), "messages");
const NAMESPACE_FILE = /^([A-Za-z][\w-]*)\.json$/;

const cache = new Map<Locale, Promise<Messages>>();

async function readNamespaces(locale: Locale): Promise<Messages> {
  const dir = path.join(MESSAGES_DIR, locale);
  const files = (await readdir(dir)).filter((file) => NAMESPACE_FILE.test(file)).sort();
  const entries = await Promise.all(
    files.map(async (file) => {
      const namespace = NAMESPACE_FILE.exec(file)![1]!;
      try {
        return [namespace, JSON.parse(await readFile(path.join(dir, file), "utf8"))] as const;
      } catch (error) {
        throw new Error(`messages/${locale}/${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
      }
    }),
  );
  return Object.fromEntries(entries);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `primary` with every key it lacks taken from `fallback`, at any depth. */
export function withFallback(primary: Messages, fallback: Messages): Messages {
  const merged: Messages = { ...fallback };
  for (const [key, value] of Object.entries(primary)) {
    const base = merged[key];
    merged[key] = isObject(value) && isObject(base) ? withFallback(value, base) : value;
  }
  return merged;
}

async function load(locale: Locale): Promise<Messages> {
  const own = await readNamespaces(locale);
  return locale === "en" ? own : withFallback(own, await readNamespaces("en"));
}

/** Read once per process in production; every request in development, so edits show without a restart. */
export function loadMessages(locale: Locale): Promise<Messages> {
  if (process.env.NODE_ENV !== "production") return load(locale);
  let messages = cache.get(locale);
  if (!messages) {
    messages = load(locale);
    messages.catch(() => cache.delete(locale));
    cache.set(locale, messages);
  }
  return messages;
}
