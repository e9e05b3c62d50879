import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, type CliCommand } from '../command';
import { SandboxService } from '../../services/sandbox/sandbox-service';
import type { SandboxConfigInput } from '../../services/sandbox/sandbox-config';

/**
 * `fieldscope sandbox`: the local cloud sandbox, headless. The first stdout line is one JSON object
 * (endpoints, demo credentials, CA file, control API URL and token) for scripts; then it runs until
 * SIGINT/SIGTERM.
 */
export const sandboxCommand: CliCommand = {
  name: 'sandbox',
  usage: [
    'fieldscope sandbox [--config FILE] [--devices N] [--seed N] [--no-fleet] [--ca-dir DIR]',
    '',
    '  --config FILE   JSON sandbox config (see electron/services/sandbox/sandbox-config.ts)',
    '  --devices N     simulated devices (default 50)',
    '  --seed N        PRNG seed for the fleet (same seed, same traffic)',
    '  --no-fleet      no simulated traffic',
    '  --ca-dir DIR    where to write sandbox-ca.pem (default: a new temp folder)',
    '',
    'Prints one JSON line with the endpoints and demo credentials (MQ instance ID, accepted modes and device',
    'credentials; IoT Platform and IoTDA devices with their secrets), then runs until Ctrl-C.',
  ].join('\n'),
  async run(args) {
    const { flags } = parseArgs(args, ['no-fleet']);
    let config: SandboxConfigInput = {};
    if (typeof flags.config === 'string') {
      const { loadConfigFile } = await import('../../services/sandbox/sandbox-config');
      config = loadConfigFile(flags.config);
    }
    if (flags.seed !== undefined) {
      const seed = Number(flags.seed);
      if (!Number.isInteger(seed)) throw new Error('--seed needs an integer');
      config = { ...config, seed };
    }
    if (flags['no-fleet']) config = { ...config, fleet: { ...(config.fleet ?? {}), enabled: false } };
    let devices: number | undefined;
    if (flags.devices !== undefined) {
      devices = Number(flags.devices);
      if (!Number.isInteger(devices) || devices < 0) throw new Error('--devices needs a whole number (0 or more)');
    }
    const caDir = typeof flags['ca-dir'] === 'string' ? flags['ca-dir'] : fs.mkdtempSync(path.join(os.tmpdir(), 'fieldscope-sandbox-'));
    const sandbox = new SandboxService();
    await sandbox.start({ config, devices, dataDir: caDir });
    const { caPem: _pem, ...endpoints } = sandbox.endpoints()!;
    void _pem;
    process.stdout.write(`${JSON.stringify({ sandbox: 'running', ...endpoints })}\n`);
    process.stderr.write(`Local sandbox running (CA: ${endpoints.caFile}). Press Ctrl-C to stop.\n`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await sandbox.stop();
    return 0;
  },
};
