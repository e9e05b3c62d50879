import type { CliCommand } from '../command';
import { signCommand } from './sign';
import { decodeCommand } from './decode';
import { presenceCommand } from './presence';
import { recordCommand } from './record';
import { replayCommand } from './replay';
import { subCommand } from './sub';
import { sandboxCommand } from './sandbox';

// Each command is its own module; add it to this list.
export const commands: CliCommand[] = [signCommand, presenceCommand, recordCommand, replayCommand, subCommand, sandboxCommand, decodeCommand];
