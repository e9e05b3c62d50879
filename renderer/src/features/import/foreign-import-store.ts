import { create } from 'zustand';
import type { ForeignImportResult } from '../../../../shared/contract/profile-import.contract';

/** The last MQTTX / MQTT Explorer import, until the user has answered its password offer. */
export const useForeignImport = create<{ result: ForeignImportResult | null }>(() => ({ result: null }));
