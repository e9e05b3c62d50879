import { APP_VERSION } from '../services/core/version';
import { commands } from './commands/index';
import { installProcessGuard, logToStderr } from '../services/core/unexpected-error';

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 8);
  return [
    `fieldscope ${APP_VERSION} — diagnostics for cloud IoT message services`,
    '',
    'Usage: fieldscope <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  -h, --help     show help (also: fieldscope <command> --help)',
    '  -V, --version  print the version',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (!first || first === '-h' || first === '--help' || first === 'help') {
    console.log(help());
    return 0;
  }
  if (first === '-V' || first === '--version') {
    console.log(APP_VERSION);
    return 0;
  }
  const entry = commands.find((c) => c.name === first);
  if (!entry) {
    console.error(`fieldscope: unknown command '${first}'.\n\n${help()}`);
    return 2;
  }
  const cmd = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(`${entry.summary}\n\nUsage: ${cmd.usage}`);
    return 0;
  }
  try {
    return await cmd.run(rest);
  } catch (err) {
    console.error(`fieldscope ${cmd.name}: ${(err as Error).message}`);
    return 1;
  }
}

// Long-running commands (sub, record) keep their session through a stray socket or timer exception; the
// exit status still says something went wrong.
let unexpected = false;
installProcessGuard('fieldscope cli', (line) => {
  unexpected = true;
  process.exitCode = 1;
  logToStderr(line);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = unexpected && code === 0 ? 1 : code;
  },
  (err) => {
    console.error(err);
    process.exitCode = 1;
  },
);
