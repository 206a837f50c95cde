// Loads the Stripe webhook fixtures in test/fixtures/stripe, and makes edited copies of them.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('../../../fixtures/stripe/', import.meta.url));

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function fixtureNames(): string[] {
  return readdirSync(DIR)
    .filter((name) => name.endsWith('.json'))
    .sort();
}

/** A fresh parsed copy of the fixture, so a test may edit it. */
export function loadFixture(name: string): JsonObject {
  return JSON.parse(readFileSync(`${DIR}${name}`, 'utf8')) as JsonObject;
}

/** The event's `data.object`, for editing. */
export function objectOf(event: JsonObject): JsonObject {
  return (event.data as JsonObject).object as JsonObject;
}

/** The fixture, with `edit` applied to its `data.object`. */
export function editedFixture(name: string, edit: (object: JsonObject) => void): JsonObject {
  const event = loadFixture(name);
  edit(objectOf(event));
  return event;
}

/** Walks a dotted path ("items.data.0.price") inside a JSON value. */
export function at(value: Json, path: string): JsonObject {
  let current: Json = value;
  for (const key of path.split('.')) {
    current = Array.isArray(current) ? (current[Number(key)] as Json) : (current as JsonObject)[key] as Json;
  }
  return current as JsonObject;
}
