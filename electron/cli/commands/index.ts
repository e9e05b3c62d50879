import type { CliCommand } from '../command';

// Each command is its own module; add it to this list.
export const commands: CliCommand[] = [];
