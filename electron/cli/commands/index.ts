import type { CliCommand } from '../command';
import { signCommand } from './sign';
import { presenceCommand } from './presence';

// Each command is its own module; add it to this list.
export const commands: CliCommand[] = [
  signCommand,
  presenceCommand,
];
