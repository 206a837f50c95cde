// A one-line progress bar with counts and ETA on a terminal; plain lines when not a TTY.
export function progressLine(label: string, stream: NodeJS.WriteStream = process.stderr) {
  const started = Date.now();
  let lastPlain = 0;
  return {
    update(done: number, total?: number) {
      const elapsed = (Date.now() - started) / 1000;
      let text = `${label}: ${done.toLocaleString('en-US')}`;
      if (total) {
        const share = Math.min(1, done / total);
        const width = 24;
        const filled = Math.round(share * width);
        const eta = share > 0 ? (elapsed / share) * (1 - share) : 0;
        text = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${(share * 100).toFixed(0)}% ETA ${eta.toFixed(0)}s`;
      }
      if (stream.isTTY) stream.write(`\r${text}\x1b[K`);
      else if (Date.now() - lastPlain > 2000) {
        lastPlain = Date.now();
        stream.write(`${text}\n`);
      }
    },
    done(message: string) {
      stream.write(stream.isTTY ? `\r${message}\x1b[K\n` : `${message}\n`);
    },
  };
}
