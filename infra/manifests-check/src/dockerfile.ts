import { NODE_IMAGE, PNPM } from './platform';

/**
 * A small Dockerfile reader (enough for infra/compose/Dockerfile: instructions, line continuations, comments,
 * stages, ARG/ENV substitution) and the checks of its properties.
 */

export interface Instruction {
  keyword: string;
  args: string;
  /** line of the instruction's first line, 1-based */
  line: number;
}

export interface Stage {
  /** FROM's image as written */
  from: string;
  /** FROM's image with ARG defaults substituted */
  base: string;
  name?: string;
  instructions: Instruction[];
  /** ARG and ENV values known at the end of the stage (defaults only) */
  vars: Record<string, string>;
}

export interface Dockerfile {
  globalArgs: Record<string, string>;
  stages: Stage[];
}

/** Splits on whitespace outside quotes, dropping the quotes. */
function words(text: string): string[] {
  const result: string[] = [];
  let current = '';
  let quote: string | undefined;
  let inWord = false;
  for (const char of text) {
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      else current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) result.push(current);
      current = '';
      inWord = false;
    } else {
      current += char;
      inWord = true;
    }
  }
  if (inWord) result.push(current);
  return result;
}

/** Replaces $NAME and ${NAME} by known values, leaving unknown ones as written. */
export function substitute(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced, bare) => {
    const name = (braced ?? bare) as string;
    return vars[name] ?? whole;
  });
}

export function instructions(text: string): Instruction[] {
  const result: Instruction[] = [];
  let buffer = '';
  let start = 0;
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    if (buffer === '' && trimmed === '') return;
    if (trimmed.startsWith('#')) return; // comments (and parser directives), also inside a continuation
    if (buffer === '') start = index + 1;
    if (/\\\s*$/.test(raw)) {
      buffer += raw.replace(/\\\s*$/, ' ');
      return;
    }
    buffer += raw;
    const match = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(buffer);
    if (match !== null)
      result.push({ keyword: (match[1] ?? '').toUpperCase(), args: (match[2] ?? '').trim(), line: start });
    buffer = '';
  });
  return result;
}

export function parseDockerfile(text: string): Dockerfile {
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  let current: Stage | undefined;
  for (const instruction of instructions(text)) {
    if (instruction.keyword === 'FROM') {
      const parts = words(instruction.args).filter((word) => !word.startsWith('--'));
      const from = parts[0] ?? '';
      const asIndex = parts.findIndex((word) => word.toUpperCase() === 'AS');
      current = {
        from,
        base: substitute(from, globalArgs),
        ...(asIndex !== -1 && parts[asIndex + 1] !== undefined ? { name: parts[asIndex + 1] } : {}),
        instructions: [],
        vars: {},
      };
      stages.push(current);
      continue;
    }
    if (current === undefined) {
      if (instruction.keyword === 'ARG') {
        const [name, value] = splitAssignment(instruction.args);
        if (value !== undefined) globalArgs[name] = value;
      }
      continue;
    }
    current.instructions.push(instruction);
    if (instruction.keyword === 'ARG') {
      const [name, value] = splitAssignment(instruction.args);
      const known = value ?? globalArgs[name];
      if (known !== undefined) current.vars[name] = substitute(known, current.vars);
    } else if (instruction.keyword === 'ENV') {
      const parts = words(instruction.args);
      if (parts.length >= 2 && !(parts[0] ?? '').includes('=')) {
        current.vars[parts[0] ?? ''] = substitute(parts.slice(1).join(' '), current.vars);
      } else {
        for (const part of parts) {
          const [name, value] = splitAssignment(part);
          if (value !== undefined) current.vars[name] = substitute(value, current.vars);
        }
      }
    }
  }
  return { globalArgs, stages };
}

function splitAssignment(text: string): [string, string | undefined] {
  const trimmed = text.trim();
  const eq = trimmed.indexOf('=');
  if (eq === -1) return [trimmed, undefined];
  return [trimmed.slice(0, eq), trimmed.slice(eq + 1).replace(/^(["'])(.*)\1$/, '$2')];
}

function finalStage(dockerfile: Dockerfile): Stage | undefined {
  return dockerfile.stages[dockerfile.stages.length - 1];
}

/** The image runs as a non-root user: the final stage's last USER is set, literal, and not root or 0. */
export function checkNonRootUser(dockerfile: Dockerfile): string[] {
  const stage = finalStage(dockerfile);
  if (stage === undefined) return ['Dockerfile: has no FROM'];
  const users = stage.instructions.filter((instruction) => instruction.keyword === 'USER');
  const last = users[users.length - 1];
  if (last === undefined) return ['Dockerfile: the final stage has no USER, so the container runs as root'];
  const user = (last.args.split(':')[0] ?? '').trim();
  if (user === '' || user.includes('$')) {
    return [
      `Dockerfile line ${last.line}: USER "${last.args}" is not a literal user; the image must name a non-root user`,
    ];
  }
  if (user === 'root' || /^0+$/.test(user))
    return [`Dockerfile line ${last.line}: USER ${last.args} is root`];
  return [];
}

/**
 * Multi-stage on the slim Node image: at least two stages, each FROM node:20-bookworm-slim or an earlier stage,
 * and the final (runtime) stage starts fresh from the Node image rather than from a build stage.
 */
export function checkStages(dockerfile: Dockerfile): string[] {
  const problems: string[] = [];
  if (dockerfile.stages.length < 2) {
    problems.push(
      `Dockerfile: must be multi-stage (build and runtime), has ${dockerfile.stages.length} stage(s)`,
    );
  }
  const names: string[] = [];
  for (const stage of dockerfile.stages) {
    if (stage.base !== NODE_IMAGE && !names.includes(stage.base)) {
      problems.push(
        `Dockerfile: stage ${stage.name ?? stage.from} starts FROM ${stage.base}, not ${NODE_IMAGE} or an earlier stage`,
      );
    }
    if (stage.name !== undefined) names.push(stage.name);
  }
  const last = finalStage(dockerfile);
  if (last !== undefined && last.base !== NODE_IMAGE) {
    problems.push(
      `Dockerfile: the final stage must start FROM ${NODE_IMAGE} (no build tools at run time), starts FROM ${last.base}`,
    );
  }
  return problems;
}

/** pnpm is the pinned version (through corepack or npx) and installs from the lockfile, frozen. */
export function checkPnpmInstall(dockerfile: Dockerfile): string[] {
  const runs = dockerfile.stages.flatMap((stage) =>
    stage.instructions
      .filter((instruction) => instruction.keyword === 'RUN')
      .map((instruction) => substitute(instruction.args, stage.vars)),
  );
  const problems: string[] = [];
  if (!runs.some((run) => run.includes(PNPM) && /corepack|npx/.test(run))) {
    problems.push(`Dockerfile: no RUN activates ${PNPM} (corepack prepare or npx)`);
  }
  if (!runs.some((run) => /\bpnpm\b.*\binstall\b.*--frozen-lockfile/.test(run))) {
    problems.push('Dockerfile: no RUN does pnpm install --frozen-lockfile');
  }
  return problems;
}

/**
 * The image is for one service: ARG SERVICE is declared, the final stage keeps it in ENV (CMD is evaluated at
 * run time, when build args are gone), and CMD/ENTRYPOINT runs node services/$SERVICE/dist/main.js.
 */
export function checkServiceEntrypoint(dockerfile: Dockerfile): string[] {
  const problems: string[] = [];
  const declares = dockerfile.stages.some((stage) =>
    stage.instructions.some(
      (instruction) => instruction.keyword === 'ARG' && splitAssignment(instruction.args)[0] === 'SERVICE',
    ),
  );
  if (!declares) problems.push('Dockerfile: no ARG SERVICE');
  const stage = finalStage(dockerfile);
  if (stage === undefined) return [...problems, 'Dockerfile: has no FROM'];
  const keepsInEnv = stage.instructions.some(
    (instruction) => instruction.keyword === 'ENV' && /(^|\s)SERVICE=/.test(instruction.args),
  );
  if (!keepsInEnv) problems.push('Dockerfile: the final stage does not keep SERVICE in ENV for run time');
  const commands = stage.instructions.filter(
    (instruction) => instruction.keyword === 'CMD' || instruction.keyword === 'ENTRYPOINT',
  );
  const runsService = commands.some(
    (instruction) =>
      /\bnode\b/.test(instruction.args) && /services\/\$\{?SERVICE\}?\/dist\/main\.js/.test(instruction.args),
  );
  if (!runsService)
    problems.push('Dockerfile: the final stage does not run node services/$SERVICE/dist/main.js');
  return problems;
}
