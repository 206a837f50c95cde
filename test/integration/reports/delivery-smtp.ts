// A real SMTP server for the report delivery tests (smtp-server on a free port, every message
// parsed with mailparser, with its envelope recipients). It can be stopped — connections are then
// refused — and started again on the same port, or made to answer 451 to every message.
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type ReceivedMail = { mail: ParsedMail; envelopeTo: string[] };

export type TestSmtp = {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** When true, every message is refused with 451 (a temporary failure). */
  busy: boolean;
  /** Closes the server: connections are refused until start(). */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
};

export async function startTestSmtp(): Promise<TestSmtp> {
  let server: SMTPServer | null = null;
  const state: TestSmtp = {
    port: 0,
    url: '',
    received: [],
    busy: false,
    async start() {
      if (server) return;
      const s = new SMTPServer({
        authOptional: true, disabledCommands: ['STARTTLS'], logger: false, size: 50 * 1024 * 1024,
        onData(stream, session, callback) {
          simpleParser(stream, { keepCidLinks: true }).then((mail) => {
            if (state.busy) return callback(Object.assign(new Error('Mailbox busy, try later'), { responseCode: 451 }));
            state.received.push({ mail, envelopeTo: session.envelope.rcptTo.map((r) => r.address) });
            return callback();
          }, (error: Error) => callback(error));
        },
      });
      await new Promise<void>((resolve, reject) => {
        s.server.once('error', reject);
        s.listen(state.port, '127.0.0.1', () => resolve());
      });
      state.port = (s.server.address() as AddressInfo).port;
      state.url = `smtp://127.0.0.1:${state.port}`;
      server = s;
    },
    async stop() {
      const s = server;
      server = null;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    close: () => state.stop(),
  };
  await state.start();
  return state;
}
