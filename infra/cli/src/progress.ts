import { SingleBar } from 'cli-progress';
import { formatDuration, progressReporter } from '@appeals/observability/progress';

/**
 * Progress of long work (rebuild, verify, keys rotate, quarantine replay --all). On a terminal: one bar redrawn in
 * place (cli-progress) with the count, the rate and the time left; anywhere else (a pipe, a CI log, a file): a plain
 * line at most once a second (`progressReporter`), so logs stay readable and nothing is drawn that no one sees.
 * Either goes to stderr: stdout keeps the result (and `--json` stays parseable).
 */

/** A stream a bar can be drawn on: a terminal has `isTTY`. */
export interface TerminalStream extends NodeJS.WritableStream {
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressSpec {
  /** what runs, at the start of the line (`rebuild`) */
  label: string;
  /** what is counted (`events applied`) */
  unit: string;
  /** what the rate counts per second (`events`) */
  rateUnit: string;
  /** about how much there is to do (a count past it shows the count as the total) */
  total: number;
  /** done before this run (a resumed run): not counted in its rate */
  startDone?: number;
}

export interface Progress {
  /** the count done so far, and a short detail (`3000 sealed`) */
  update(done: number, detail?: string): void;
  /** the last report (the final frame of a bar, the last line otherwise) */
  stop(): void;
}

/** Where progress goes: the terminal to draw on (when stderr is one), else plain lines. */
export interface ProgressSink {
  terminal?: TerminalStream | undefined;
  line: (text: string) => void;
  now?: () => number;
}

/** A bar when `sink.terminal` is a terminal, plain lines otherwise. */
export function createProgress(spec: ProgressSpec, sink: ProgressSink): Progress {
  return sink.terminal?.isTTY ? barProgress(spec, sink.terminal, sink.now) : lineProgress(spec, sink);
}

function lineProgress(spec: ProgressSpec, sink: ProgressSink): Progress {
  let last = { done: spec.startDone ?? 0, detail: undefined as string | undefined };
  let written: typeof last | undefined; // what the last line written showed
  const report = progressReporter({
    label: spec.label,
    unit: spec.unit,
    rateUnit: spec.rateUnit,
    total: spec.total,
    startDone: spec.startDone ?? 0,
    write: (line) => {
      written = last;
      sink.line(line);
    },
    ...(sink.now ? { now: sink.now } : {}),
  });
  return {
    update(done, detail) {
      last = { done, detail };
      report(done, detail);
    },
    stop: () => {
      if (written?.done !== last.done || written.detail !== last.detail) report(last.done, last.detail, true);
    },
  };
}

function barProgress(spec: ProgressSpec, stream: TerminalStream, now: () => number = Date.now): Progress {
  const started = now();
  const startDone = spec.startDone ?? 0;
  const bar = new SingleBar({
    stream,
    format: `${spec.label} [{bar}] {percentage}% | {value}/{total} ${spec.unit} | {rate} ${spec.rateUnit}/s | ETA {left}{detail}`,
    barCompleteChar: '\u2588',
    barIncompleteChar: '\u2591',
    barsize: 24,
    fps: 10,
    hideCursor: false,
  });
  const payload = (done: number, total: number, detail: string | undefined) => {
    const rate = (done - startDone) / Math.max((now() - started) / 1000, 1e-3);
    return {
      rate: Math.round(rate),
      left: rate > 0 ? formatDuration((total - done) / rate) : '?',
      detail: detail ? ` | ${detail}` : '',
    };
  };
  let total = Math.max(spec.total, startDone);
  let last = { done: startDone, detail: undefined as string | undefined };
  bar.start(total, startDone, payload(startDone, total, undefined));
  return {
    update(done, detail) {
      last = { done, detail };
      if (done > total) {
        total = done;
        bar.setTotal(total);
      }
      bar.update(done, payload(done, total, detail));
    },
    stop() {
      bar.update(last.done, payload(last.done, total, last.detail));
      bar.stop();
    },
  };
}
