// Spin's cron handler (fermyon:spin-cron@2.0.0 handle-cron-event), for the host's tests.
// Logs "cron start <timestamp>" and "cron end <timestamp>"; between them it keeps busy for
// CRON_SLEEP_MS milliseconds (environment, default 0); CRON_FAIL=1 makes it return an error.
import { getEnvironment } from 'wasi:cli/environment@0.2.10';

function env(name) {
  const entry = getEnvironment().find(([key]) => key === name);
  return entry ? entry[1] : undefined;
}

export function handleCronEvent(metadata) {
  console.log(`cron start ${metadata.timestamp}`);
  const until = Date.now() + Number(env('CRON_SLEEP_MS') ?? 0);
  while (Date.now() < until) {
    // Busy: a handler still running when its next time comes.
  }
  console.log(`cron end ${metadata.timestamp}`);
  if (env('CRON_FAIL') === '1') {
    throw { tag: 'other', val: 'asked to fail' };
  }
}
