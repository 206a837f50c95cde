// Reads a JSONL file of Stripe events, one per line, and names the line of anything malformed.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { stripeEnvelope, type StripeEnvelope } from '../ingest/envelope.js';
import { transformStripeEvent } from '../ingest/stripe/transform.js';
import { UsageError } from './usage-error.js';

export async function readEventsFile(file: string): Promise<StripeEnvelope[]> {
  const events: StripeEnvelope[] = [];
  const stream = createReadStream(file, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (error: NodeJS.ErrnoException) =>
      reject(new UsageError(error.code === 'ENOENT' ? `events file not found: ${file}` : `cannot read ${file}: ${error.message}`, 1)),
    );
  });
  await opened;
  let lineNumber = 0;
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
    lineNumber++;
    if (line.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new UsageError(`${file}:${lineNumber}: not valid JSON (${(error as Error).message})`, 1);
    }
    const parsed = stripeEnvelope.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UsageError(`${file}:${lineNumber}: not a Stripe event: ${issue?.path.join('.') || 'line'} ${issue?.message ?? ''}`.trimEnd(), 1);
    }
    const transformed = transformStripeEvent(json);
    if (!transformed.ok && transformed.drop === 'malformed') {
      throw new UsageError(`${file}:${lineNumber}: malformed ${parsed.data.type} event ${parsed.data.id}: ${transformed.detail}`, 1);
    }
    events.push(parsed.data);
  }
  return events;
}
